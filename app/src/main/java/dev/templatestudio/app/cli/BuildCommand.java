package dev.templatestudio.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.BuildHandle;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.build.Runtime;
import dev.templatestudio.bridge.dockerfile.LoadedTemplate;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.remote.HttpRuntime;
import dev.templatestudio.bridge.template.Mount;
import dev.templatestudio.bridge.template.Resources;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.TemplateJson;
import dev.templatestudio.bridge.template.TemplateNames;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code build FILE}: builds a template and prints its progress; exit 0 when built and ready,
 * 1 when the build failed, 130 when cancelled (Ctrl+C cancels the build cleanly), 2 on bad usage
 * (such as a --tag that no runtime could publish), before anything builds.
 */
@Command(name = "build", description = "Build a template; exit 0 when ready, 1 on failure, 130 when cancelled.")
final class BuildCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "A *.template.json (or a Dockerfile).")
  Path file;

  @Option(names = "--context", paramLabel = "DIR", description = "Folder copy sources are relative to (default: the folder of FILE).")
  Path context;

  @Mixin
  RuntimeOptions runtimeOptions;

  @Mixin
  ResourceOptions resourceOptions;

  @Mixin
  CacheOptions cache;

  @Option(names = "--name", paramLabel = "N", description = "Name to publish under (default: the template's, else FILE's).")
  String name;

  @Option(names = "--tag", paramLabel = "T", description = "Tag to publish (repeatable).")
  List<String> tags = new ArrayList<>();

  @Option(names = "--no-cache", description = "Run every step, using no cached result.")
  boolean noCache;

  @Option(names = "--recheck-ready", description = "Start the machine and run its ready check even when the same image passed it before (a cached rebuild reports ready: CACHED).")
  boolean recheckReady;

  @Option(names = "--progress", paramLabel = "plain|jsonl", description = "Progress for people (plain) or one JSON event per line.")
  String progress = "plain";

  @Option(names = "--no-daemon", description = "Build in this process, not in the local engine (as TEMPLATE_STUDIO_NO_DAEMON=1 does).")
  boolean noDaemon;

  @Option(names = "--secret", paramLabel = "NAME[=env:VAR|=file:PATH]", description = "Give a secret of the template its value (repeatable).")
  List<String> secrets = new ArrayList<>();

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!progress.equals("plain") && !progress.equals("jsonl")) {
      throw new CliException("--progress " + progress + ": use plain or jsonl", 2);
    }
    checkNameAndTags();
    cache.check();
    Resources given = resourceOptions.given();
    LoadedTemplate source = TemplateFiles.loadSource(file, err);
    Template template = source.template();
    if (given != null) {
      // The built image records them too: its machines get what its build was given.
      template = template.withResources(Resources.overridden(template.resources(), given));
    }
    Path dir = context != null ? context : source.file().toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) {
      throw new CliException("--context " + dir + " is not a folder");
    }
    // A secret mount's id is declared by the mount (RUN --mount=type=secret,id=X), as for docker build.
    List<String> declared = new ArrayList<>(template.secrets());
    Mount.secretIds(template).stream().filter(id -> !declared.contains(id)).forEach(declared::add);
    Map<String, String> secretValues = SecretOptions.parse(secrets, declared, Invocation.current().env(), Invocation.current().cwd());
    String publishAs = name != null ? name : source.suggestedName();
    BuildRequest request = new BuildRequest(template, dir, publishAs, tags, noCache, secretValues, recheckReady);
    Consumer<BuildEvent> printer = cache.recording(progress.equals("jsonl") ? e -> printJson(out, e) : new PlainProgress(out));
    Store local = null;
    if (cache.given()) {
      if (runtimeOptions.runtime != null && !runtimeOptions.runtime.equals("embedded")) {
        throw new CliException("--cache-from and --cache-to work with the embedded runtime (a local build) only");
      }
      local = runtimeOptions.store.open();
      cache.importBefore(local, request.nameOrUnnamed(), err);
    }
    try (Runtime rt = runtimeOptions.open()) {
      BuildHandle handle = rt.build(request);
      BuildEvent end;
      try (AutoCloseable cancelOnCtrlC = Invocation.current().onCtrlC(() -> cancelAndWait(handle), "cancel-build");
          AutoCloseable printing = handle.events().subscribe(0, printer)) {
        end = handle.result().join();
      } catch (Exception e) {
        throw new IOException(e.getMessage(), e);
      }
      if (BuildEvent.STATUS_READY.equals(end.status())) {
        if (local != null) {
          cache.exportAfter(local, request.nameOrUnnamed(), err);
        }
        return 0;
      }
      if (BuildEvent.STATUS_CANCELLED.equals(end.status())) {
        return 130;
      }
      err.println("template-studio: " + theBuildFailed(rt) + FailureMessage.sentence(end.message())
          + SecretOptions.unsetHint(template, secretValues));
      err.flush();
      return 1;
    }
  }

  /**
   * --name and --tag by the rules every runtime publishes by, so a value that could never be
   * published is bad usage, refused before any runtime is reached.
   */
  private void checkNameAndTags() {
    if (name != null && !TemplateNames.isValidName(name)) {
      throw new CliException("--name \"" + name + "\" is not a valid template name: " + TemplateNames.NAME_RULE, 2);
    }
    for (String tag : tags) {
      if (!TemplateNames.isValidTag(tag)) {
        throw new CliException("--tag \"" + tag + "\" is not a valid tag: " + TemplateNames.TAG_RULE, 2);
      }
    }
  }

  /** The start of the failure sentence; a remote build's names the server, of which its messages speak. */
  private static String theBuildFailed(Runtime rt) {
    return rt instanceof HttpRuntime ? "the build on " + rt.describe() + " failed: " : "the build failed: ";
  }

  /** Ctrl+C: cancel, then give the build a moment to kill its processes and clean up. */
  private static void cancelAndWait(BuildHandle handle) {
    if (handle.result().isDone()) {
      return;
    }
    handle.cancel();
    try {
      handle.result().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      // Exiting anyway: the sandboxes die with this process.
    }
  }

  private static void printJson(PrintWriter out, BuildEvent e) {
    try {
      out.println(TemplateJson.mapper().writeValueAsString(e));
      out.flush();
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException(ex);
    }
  }
}
