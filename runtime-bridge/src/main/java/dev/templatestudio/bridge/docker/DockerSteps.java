package dev.templatestudio.bridge.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.context.CopySources;
import dev.templatestudio.bridge.download.DownloadedFile;
import dev.templatestudio.bridge.download.WriteBound;
import dev.templatestudio.bridge.io.Trees;
import dev.templatestudio.bridge.plan.StepCommands;
import dev.templatestudio.bridge.plan.StepFailure;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.DownloadStep;
import dev.templatestudio.bridge.template.EnvStep;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Step;
import dev.templatestudio.bridge.template.UserStep;
import dev.templatestudio.bridge.template.WorkdirStep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * What a step that missed the cache does on the engine: in a container of the previous step's
 * image it runs the step's command (exec, with the step's variables and secrets in the exec's
 * environment only), or unpacks the copied files, or changes only the config; then the container
 * is committed with the config the step leaves and the step's cache key as a label. One build's
 * thread; {@link #cancel} from any.
 */
final class DockerSteps {
  /** The label holding the cache key of the step an image is the result of. */
  static final String KEY_LABEL = "dev.templatestudio.key";
  /** What a step's command keeps in memory of its output for the failure sentence. */
  private static final int TAIL = 10;
  static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  private final DockerApi api;
  private final BuildRequest request;
  private final RunMountsOnDocker mounts;
  private final RunMountsOnDocker.FromImages fromImages;
  private volatile StepContainer current;
  private volatile boolean cancelled;

  DockerSteps(DockerApi api, BuildRequest request, RunMountsOnDocker mounts,
      RunMountsOnDocker.FromImages fromImages) {
    this.api = api;
    this.fromImages = fromImages;
    this.request = request;
    this.mounts = mounts;
  }

  /** Removes the running step's container, which ends its command. */
  void cancel() {
    cancelled = true;
    StepContainer c = current;
    if (c != null) {
      c.close();
    }
  }

  boolean cancelled() {
    return cancelled;
  }

  /**
   * Makes step {@code i} ({@code step}: its words expanded) on {@code parent}, whose inspect
   * JSON is {@code parentImage}; returns the committed image's id.
   *
   * @param env     the variables the step's command sees (scope, then secrets)
   * @param entries the files a copy step takes
   * @param output  the command's output lines, with their stream
   * @param warnings what the step did not do as asked, such as a device a copy skipped
   */
  String make(int i, Step step, String message, JsonNode parentImage, Map<String, String> env,
      List<CopySources.Entry> entries, String key, BiConsumer<String, String> output, Consumer<String> warnings)
      throws IOException, StepFailure, InterruptedException {
    ObjectNode config = configOf(parentImage);
    String parent = parentImage.path("Id").asText();
    if (step instanceof EnvStep e) {
      Map<String, String> vars = envMap(config);
      vars.putAll(e.vars());
      config.set("Env", DockerHttp.JSON.valueToTree(DockerLabels.env(vars)));
      return commitOnly(parent, config, key, message, null);
    }
    if (step instanceof WorkdirStep w) {
      String dir = w.path().startsWith("/") ? w.path()
          : config.path("WorkingDir").asText("/") + "/" + w.path();
      dir = Path.of("/").resolve(dir).normalize().toString();
      config.put("WorkingDir", dir);
      return commitOnly(parent, config, key, message, dir);
    }
    if (step instanceof UserStep u) {
      config.put("User", u.name());
      return commitOnly(parent, config, key, message, null);
    }
    boolean runs = StepCommands.of(step) != null;
    try (StepContainer c = StepContainer.create(api, parent, request.template().resources(),
        runs && step instanceof RunStep r ? mounts.forStep(i, message, r) : List.of(), runs)) {
      current = c;
      if (cancelled) {
        throw new InterruptedException("cancelled");
      }
      if (step instanceof CopyStep copy) {
        copy(c, copy, entries, config.path("WorkingDir").asText(null), warnings);
      } else if (step instanceof DownloadStep d) {
        download(i, message, c, d, config.path("WorkingDir").asText(null));
      } else {
        run(i, step, message, c, env, config, output);
      }
      config.with("Labels").put(KEY_LABEL, key);
      return c.commit(config, message);
    } finally {
      current = null;
    }
  }

  private void run(int i, Step step, String message, StepContainer c, Map<String, String> env, ObjectNode config,
      BiConsumer<String, String> output) throws IOException, StepFailure, InterruptedException {
    String user = step instanceof RunStep r && r.user() != null ? r.user() : config.path("User").asText(null);
    ArrayDeque<String> tail = new ArrayDeque<>();
    FrameLines lines = new FrameLines((stream, line) -> {
      synchronized (tail) {
        if (tail.size() == TAIL) {
          tail.removeFirst();
        }
        tail.addLast(line);
      }
      output.accept(stream, line);
    });
    String command = StepCommands.of(step);
    List<String> argv = new ArrayList<>(request.template().shell().isEmpty()
        ? List.of("/bin/sh", "-c") : request.template().shell());
    argv.add(command);
    int code;
    try {
      Map<String, String> all = new LinkedHashMap<>(env);
      all.putAll(mounts.env(i));
      code = c.exec(mounts.wrap(i, argv), all, user, config.path("WorkingDir").asText(null), lines);
      lines.flush();
    } catch (IOException e) {
      if (cancelled) {
        throw new InterruptedException("cancelled");
      }
      throw e;
    }
    if (cancelled) {
      throw new InterruptedException("cancelled");
    }
    String out;
    synchronized (tail) {
      out = tail.isEmpty() ? "" : ":\n" + String.join("\n", tail);
    }
    if (code != 0 && c.oomKilled()) {
      throw new StepFailure("step " + i + " ran out of memory (" + message + ") and failed with exit code " + code
          + " (raise resources.memoryMb or --memory-mb)" + out);
    }
    if (code != 0) {
      throw new StepFailure("step " + i + " (" + message + ") failed with exit code " + code + out);
    }
  }

  private void copy(StepContainer c, CopyStep copy, List<CopySources.Entry> entries, String workdir,
      Consumer<String> warnings) throws IOException, StepFailure {
    int[] owner = ImageUsers.resolve(api, c.id(), copy.user());
    Path tar = Files.createTempFile("template-studio-copy-", ".tar");
    Path from = copy.from() == null ? null : Files.createTempDirectory("template-studio-from-");
    try {
      List<CopySources.Entry> files = entries;
      if (from != null) {
        String image = fromImages.imageOf(copy.from());
        try (StepContainer source = StepContainer.create(api, image, null, List.of(), false)) {
          List<String> skipped = new ArrayList<>();
          String shown = (copy.from().isStage() ? "stage " : "image ") + copy.from().reference();
          files = CopyFrom.select(api, source.id(), copy, shown, from, skipped);
          for (String name : skipped) {
            warnings.accept("not copied from " + shown + ": " + name + " is a device, fifo or socket, "
                + "which a copy never takes");
          }
        }
      }
      CopyArchive.write(tar, api, c.id(), copy, files, workdir, owner, from != null);
      api.putArchive(c.id(), "/", tar);
    } finally {
      Files.deleteIfExists(tar);
      if (from != null) {
        Trees.delete(from);
      }
    }
  }

  /**
   * A download ({@code ADD URL}) as the embedded runtime makes it ({@link DownloadedFile}): the
   * URL fetched on this machine, not in the container, its checksum checked, then the file
   * copied in as a copy of that one file would be. The temporary folder goes when it is copied.
   */
  private void download(int i, String message, StepContainer c, DownloadStep step, String workdir)
      throws IOException, StepFailure, InterruptedException {
    Path dir = Files.createTempDirectory("template-studio-download-");
    try {
      DownloadedFile got = DownloadedFile.fetch(i, message, step, dir, WriteBound.NONE, () -> cancelled);
      copy(c, got.asCopy(), List.of(got.entry()), workdir, w -> { });
    } finally {
      Trees.delete(dir);
    }
  }

  /** A step that changes only the config (and for a workdir, makes the folder when it is missing). */
  private String commitOnly(String parent, ObjectNode config, String key, String message, String folder)
      throws IOException {
    try (StepContainer c = StepContainer.create(api, parent, null, List.of(), false)) {
      current = c;
      if (folder != null && !CopyArchive.isFolder(api.stat(c.id(), folder))) {
        Path tar = Files.createTempFile("template-studio-workdir-", ".tar");
        try {
          CopyArchive.folder(tar, folder);
          api.putArchive(c.id(), "/", tar);
        } finally {
          Files.deleteIfExists(tar);
        }
      }
      config.with("Labels").put(KEY_LABEL, key);
      return c.commit(config, message);
    } finally {
      current = null;
    }
  }

  /**
   * The config a step's commit starts from: the parent image's, without its hostname, and with
   * an entrypoint always written (empty when it has none): Docker's commit fills a missing one
   * from the container's, which is the step container's idle shell.
   */
  static ObjectNode configOf(JsonNode image) {
    ObjectNode config = image.path("Config").isObject() ? ((ObjectNode) image.path("Config")).deepCopy()
        : DockerHttp.JSON.createObjectNode();
    config.remove(List.of("Hostname", "Domainname", "Image"));
    if (!config.path("Entrypoint").isArray()) {
      config.putArray("Entrypoint");
    }
    if (!config.path("Labels").isObject()) {
      config.putObject("Labels");
    }
    return config;
  }

  /** The config's Env as an ordered map, with a default PATH when the image has none (as embedded's). */
  static Map<String, String> envMap(JsonNode config) {
    Map<String, String> env = new LinkedHashMap<>();
    for (JsonNode kv : config.path("Env")) {
      String s = kv.asText();
      int eq = s.indexOf('=');
      if (eq > 0) {
        env.put(s.substring(0, eq), s.substring(eq + 1));
      }
    }
    env.putIfAbsent("PATH", DEFAULT_PATH);
    return env;
  }
}
