package dev.templatestudio.bridge.runtimes;

import dev.templatestudio.bridge.build.Runtime;
import dev.templatestudio.bridge.build.RuntimeUnavailableException;
import dev.templatestudio.bridge.docker.DockerHost;
import dev.templatestudio.bridge.docker.DockerRuntime;
import dev.templatestudio.bridge.embedded.EmbeddedRuntime;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.remote.BearerToken;
import dev.templatestudio.bridge.remote.HttpRuntime;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Opens a runtime from its {@code --runtime} spelling (CONTRACT.md §2). Stateless. */
public final class Runtimes {
  private Runtimes() {}

  /**
   * Opens {@code spec}: {@code embedded} (the default, when null or blank) over the store at
   * {@code store}; {@code http(s)://…} a {@code serve} instance (its token from
   * {@code $TEMPLATE_STUDIO_TOKEN}); {@code docker} (the engine at {@code $DOCKER_HOST}, else the
   * local socket) or {@code docker:unix:///PATH} / {@code docker:tcp://HOST:PORT}.
   *
   * @throws RuntimeUnavailableException for a runtime that is unknown or not available
   */
  public static Runtime open(String spec, Path store) throws IOException {
    return open(spec, store, null);
  }

  /**
   * Opens {@code spec} as {@link #open(String, Path)} does; {@code token} is the bearer token of
   * a remote runtime (null: {@code $TEMPLATE_STUDIO_TOKEN}), unused by the others.
   */
  public static Runtime open(String spec, Path store, String token) throws IOException {
    return open(spec, store, token, System.getenv());
  }

  /**
   * As {@link #open(String, Path, String)}, with what the runtime reads of the environment
   * ({@code $TEMPLATE_STUDIO_TOKEN}, {@code $XDG_CACHE_HOME}, {@code $DOCKER_HOST},
   * {@link #MAX_BUILD_DISK}) taken from {@code env}: the command's, which in the local engine is
   * its client's.
   */
  public static Runtime open(String spec, Path store, String token, Map<String, String> env) throws IOException {
    String s = spec == null || spec.isBlank() ? "embedded" : spec.trim();
    if (s.equals("embedded")) {
      return embedded(Store.open(store), env);
    }
    if (s.startsWith("http://") || s.startsWith("https://")) {
      return new HttpRuntime(s, token != null ? token : environmentToken(env), env);
    }
    if (s.equals("docker") || s.startsWith("docker:")) {
      return DockerRuntime.open(DockerHost.fromSpec(s, env), store.toAbsolutePath());
    }
    throw new RuntimeUnavailableException("Unknown runtime \"" + s + "\"; use embedded, "
        + "http://HOST:PORT, https://HOST:PORT, docker or docker:tcp://HOST:PORT.");
  }

  /**
   * The embedded runtime over {@code store}, already open (the local engine's, shared by the
   * commands it runs), its builds bounded as {@link #MAX_BUILD_DISK} in {@code env} says.
   */
  public static Runtime embedded(Store store, Map<String, String> env) throws RuntimeUnavailableException {
    return new EmbeddedRuntime(store, maxBuildDiskMb(env.get(MAX_BUILD_DISK)), MAX_BUILD_DISK);
  }

  /**
   * The bound of the embedded runtime's builds on disk, in MB, as {@code serve --max-build-disk-mb}
   * has it: unset or 0 is none.
   */
  public static final String MAX_BUILD_DISK = "TEMPLATE_STUDIO_MAX_BUILD_DISK_MB";

  /** {@code value} of {@link #MAX_BUILD_DISK} as MB; a value that is not a whole number of 0 or more is refused. */
  static long maxBuildDiskMb(String value) throws RuntimeUnavailableException {
    if (value == null || value.isBlank()) {
      return 0;
    }
    try {
      long mb = Long.parseLong(value.strip());
      if (mb >= 0) {
        return mb;
      }
    } catch (NumberFormatException e) {
      // Said below.
    }
    throw new RuntimeUnavailableException(MAX_BUILD_DISK + "=" + value + " is not a size: give whole MB, "
        + "such as 10240, or 0 for no bound");
  }

  /** $TEMPLATE_STUDIO_TOKEN, checked here so that a bad one is named as coming from there. */
  private static String environmentToken(Map<String, String> env) throws RuntimeUnavailableException {
    String token = env.get("TEMPLATE_STUDIO_TOKEN");
    return token == null || token.isBlank() ? null : BearerToken.check(token, "the token in TEMPLATE_STUDIO_TOKEN");
  }
}
