package dev.templatestudio.app.studio.runtimes;

import dev.templatestudio.app.studio.common.CachePredictions;
import dev.templatestudio.app.studio.common.RuntimeSource;
import dev.templatestudio.bridge.build.FileHashCache;
import dev.templatestudio.bridge.build.HashReuse;
import dev.templatestudio.bridge.build.Runtime;
import dev.templatestudio.bridge.docker.DockerHost;
import dev.templatestudio.bridge.server.ApiToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * The runtime builds run on, chosen in the toolbar or the Runtime menu and remembered: the
 * choice in the preferences, a remote runtime's token in {@link RemoteTokens}. FX thread;
 * {@link #source()} may be called from any thread.
 */
public final class RuntimeViewModel {
  private final ObjectProperty<RuntimeChoice> choice = new SimpleObjectProperty<>(this, "choice");
  private final Path store;
  private final RemoteTokens tokens;
  /** The URL of the remote runtime chosen last, offered again after a switch away; null before. */
  private String lastRemoteUrl;
  /** The Docker runtime chosen last, offered again after a switch away. */
  private RuntimeChoice lastDocker = RuntimeChoice.DOCKER;
  private final String dockerHost;

  /**
   * @param initial  the remembered choice; a remote one without a token gets the token kept
   *                 for its URL
   * @param remember stores each new choice
   */
  public RuntimeViewModel(RuntimeChoice initial, Path store, Consumer<RuntimeChoice> remember) {
    this(initial, store, remember, System.getenv());
  }

  /**
   * @param environment gives {@code TEMPLATE_STUDIO_TOKEN} (never written to disk) and
   *                    {@code DOCKER_HOST}
   */
  RuntimeViewModel(RuntimeChoice initial, Path store, Consumer<RuntimeChoice> remember, Map<String, String> environment) {
    String environmentToken = environment.get("TEMPLATE_STUDIO_TOKEN");
    this.dockerHost = environment.get("DOCKER_HOST");
    this.store = store;
    this.tokens = RemoteTokens.inStore(store);
    if (initial.kind() == RuntimeChoice.Kind.REMOTE && initial.token() == null) {
      initial = RuntimeChoice.remote(initial.url(), tokens.forUrl(initial.url()));
    }
    choice.set(initial);
    noteLast(initial);
    choice.addListener((o, a, c) -> {
      remember.accept(c);
      noteLast(c);
      // A token from the environment stays there: only one the person typed is kept on disk.
      if (c.kind() == RuntimeChoice.Kind.REMOTE && c.token() != null && !c.token().equals(environmentToken)) {
        CompletableFuture.runAsync(() -> {
          try {
            tokens.keep(c.url(), c.token());
          } catch (IOException e) {
            // Not kept: the person types the token again next time; the build itself is unaffected.
          }
        });
      }
    });
  }

  public ObjectProperty<RuntimeChoice> choiceProperty() {
    return choice;
  }

  private void noteLast(RuntimeChoice c) {
    if (c.kind() == RuntimeChoice.Kind.REMOTE) {
      lastRemoteUrl = c.url();
    } else if (c.kind() == RuntimeChoice.Kind.DOCKER) {
      lastDocker = c;
    }
  }

  /**
   * What the remote runtime dialog starts from: the current choice when it is remote, else the
   * remote runtime chosen last in this session (with its kept token), else nothing known.
   */
  public RuntimeChoice remoteToOffer() {
    RuntimeChoice c = choice.get();
    if (c.kind() == RuntimeChoice.Kind.REMOTE) {
      return c;
    }
    return RuntimeChoice.remote(lastRemoteUrl, lastRemoteUrl == null ? null : tokens.forUrl(lastRemoteUrl));
  }

  /**
   * What the Docker runtime dialog starts from: the current choice when it is Docker, else the
   * Docker runtime chosen last in this session, else the local engine.
   */
  public RuntimeChoice dockerToOffer() {
    return lastDocker;
  }

  /**
   * Where the local Docker Engine is, as the docker runtime finds it: {@code DOCKER_HOST=…}
   * when that is set, else the local socket.
   */
  public String localDockerEngine() {
    return dockerHost == null || dockerHost.isBlank() ? DockerHost.DEFAULT_SOCKET : "DOCKER_HOST=" + dockerHost.strip();
  }

  /** Where built templates are stored. */
  public Path store() {
    return store;
  }

  /**
   * The token of a {@code serve} over this studio's store (its default token file), so a
   * person who started one here need not copy it; null when there is none.
   */
  public String localServeToken() {
    try {
      String t = Files.readString(ApiToken.defaultFile(store)).strip();
      return t.isEmpty() ? null : t;
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Predicts on the chosen runtime when it is the embedded one, over this studio's store (the
   * others cannot tell, and opening them would reach out to a server or an engine after every
   * edit); {@code hashes} keeps the context's file hashes between predictions.
   */
  public CachePredictions predictions(FileHashCache hashes) {
    return (request, stale) -> {
      RuntimeChoice c = choice.get();
      if (c.kind() != RuntimeChoice.Kind.EMBEDDED) {
        return Optional.empty();
      }
      try (Runtime runtime = RuntimeFactory.open(c, store)) {
        return runtime.predict(request, new HashReuse(hashes, stale));
      }
    };
  }

  /** Opens the chosen runtime; called by builds in the background. */
  public RuntimeSource source() {
    return () -> RuntimeFactory.open(choice.get(), store);
  }
}
