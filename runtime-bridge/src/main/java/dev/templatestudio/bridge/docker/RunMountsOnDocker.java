package dev.templatestudio.bridge.docker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.templatestudio.bridge.context.CopySources;
import dev.templatestudio.bridge.io.Trees;
import dev.templatestudio.bridge.plan.BuildPlan;
import dev.templatestudio.bridge.plan.RunMountPlan;
import dev.templatestudio.bridge.plan.StepFailure;
import dev.templatestudio.bridge.template.Mount;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Step;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A build's RUN mounts on the engine, with the embedded runtime's meaning (embedded.RunMounts):
 * {@code cache} a named volume kept between builds ({@code template-studio-cache-ID}),
 * {@code tmpfs} the engine's tmpfs, {@code bind} of the context a host copy of exactly the files
 * hashed for the step's key (read-only unless {@code rw}; rw writes go with the copy), {@code bind}
 * of a stage or an image a volume the engine fills from that image's folder (copy-up), and
 * {@code secret} a file in the host's memory bound read-only at exactly its target (an engine on
 * this machine), else a tmpfs over the target's folder that the step's command writes the value
 * into from its exec environment before it starts; either way the value is in no config, layer
 * or volume. Binds of the context need an
 * engine on this machine (its host paths). One build's thread; {@link #close} ends what it made.
 */
final class RunMountsOnDocker implements AutoCloseable {
  private final DockerApi api;
  private final Path context;
  private final Map<String, String> secrets;
  private final String buildId;
  private final Map<String, List<CopySources.Entry>> contextFiles = new HashMap<>();
  /** The image id a bind from a stage or an image reads, by "step/mount". */
  private final Map<String, String> fromImages = new HashMap<>();
  private final List<Path> copies = new ArrayList<>();
  private static final Path SHM = Path.of("/dev/shm");
  /** The host folder of the build's secret files, made on the first; null until then. */
  private Path secretDir;
  private final List<String> volumes = new ArrayList<>();
  /** The exec variables of a step's secret mounts, by step: in its exec's environment only, never a config. */
  private final Map<Integer, Map<String, String>> secretEnv = new HashMap<>();
  /** Which of those variables a secret file is written from, and the file, by step. */
  private final Map<Integer, Map<String, String>> secretFiles = new HashMap<>();

  RunMountsOnDocker(DockerApi api, Path context, Map<String, String> secrets, String buildId) {
    this.api = api;
    this.context = context;
    this.secrets = Map.copyOf(secrets);
    this.buildId = buildId;
  }

  /** How a bind mount's {@code from} is found on the engine: a finished stage's image, else an image. */
  interface FromImages {
    String imageOf(dev.templatestudio.bridge.template.Base from) throws IOException, StepFailure;
  }

  /**
   * Selects and hashes what every bind mount of {@code steps} takes, before any step runs: the
   * inputs of their cache keys, as the embedded runtime keys them.
   */
  BuildPlan.Inputs plan(List<Step> steps, FromImages from) throws StepFailure, IOException {
    RunMountPlan.Binds binds = RunMountPlan.binds(steps, context, (key, base) -> {
      String image = from.imageOf(base);
      fromImages.put(key, image);
      return image;
    });
    contextFiles.putAll(binds.contextFiles());
    return binds.inputs();
  }

  /** The engine's mounts of run step {@code i}; a failure is one sentence naming the step. */
  List<ObjectNode> forStep(int i, String message, RunStep step) throws IOException, StepFailure {
    List<ObjectNode> out = new ArrayList<>();
    for (int k = 0; k < step.mounts().size(); k++) {
      Mount m = step.mounts().get(k);
      try {
        ObjectNode mount = mount(i, k, m);
        if (mount != null) {
          out.add(mount);
        }
      } catch (StepFailure e) {
        throw new StepFailure("step " + i + " (" + message + "): mount " + (k + 1) + " (" + m.type()
            + (m.target() != null ? " " + m.target() : "") + "): " + e.getMessage());
      }
    }
    return out;
  }

  private ObjectNode mount(int i, int k, Mount m) throws IOException, StepFailure {
    ObjectNode mount = DockerHttp.JSON.createObjectNode();
    switch (m.type()) {
      case "cache" -> {
        String id = RunMountPlan.cacheId(m);
        mount.put("Type", "volume").put("Source", cacheVolume(id))
            .put("Target", target(m.target()));
      }
      case "tmpfs" -> {
        mount.put("Type", "tmpfs").put("Target", target(m.target()));
        Long bytes = RunMountPlan.tmpfsBytes(m.size());
        if (bytes != null) {
          mount.putObject("TmpfsOptions").put("SizeBytes", bytes);
        }
      }
      case "secret" -> {
        Optional<RunMountPlan.Secret> given = RunMountPlan.secret(m, secrets);
        if (given.isEmpty()) {
          return null;
        }
        RunMountPlan.Secret secret = given.get();
        Map<String, String> vars = secretEnv.computeIfAbsent(i, x -> new LinkedHashMap<>());
        if (secret.env() != null) {
          vars.put(secret.env(), secret.value());
        }
        if (secret.file() == null) {
          return null;
        }
        String file = target(secret.file());
        Path held = heldSecret(i, k, secret.value());
        if (held != null) {
          mount.put("Type", "bind").put("Source", held.toString()).put("Target", file).put("ReadOnly", true);
          return mount;
        }
        vars.put("TEMPLATE_STUDIO_SECRET_" + k, secret.value());
        secretFiles.computeIfAbsent(i, x -> new LinkedHashMap<>()).put("TEMPLATE_STUDIO_SECRET_" + k, file);
        // The folder of the file in memory: the value never reaches the container's layer.
        mount.put("Type", "tmpfs").put("Target", file.substring(0, Math.max(1, file.lastIndexOf('/'))));
      }
      case "bind" -> {
        boolean readOnly = !Boolean.TRUE.equals(m.rw());
        String image = fromImages.get(i + "/" + k);
        if (image != null) {
          String volume = "template-studio-bind-" + buildId + "-" + i + "-" + k;
          fill(volume, image, "/" + (m.source() == null ? "" : m.source()));
          mount.put("Type", "volume").put("Source", volume).put("Target", target(m.target()))
              .put("ReadOnly", readOnly);
        } else {
          Path copy = Files.createTempDirectory("template-studio-bind-");
          copies.add(copy);
          mount.put("Type", "bind").put("Source", BoundCopy.copy(contextFiles.get(i + "/" + k), copy).toString())
              .put("Target", target(m.target())).put("ReadOnly", readOnly);
        }
      }
      default -> throw new StepFailure("mount type " + m.type() + " is not one of cache, bind, secret, tmpfs");
    }
    return mount;
  }

  /**
   * The step's command, first writing each secret mount's file from its exec variable (then
   * unset), so the value is only ever in the exec's environment and a tmpfs.
   */
  List<String> wrap(int i, List<String> argv) {
    Map<String, String> files = secretFiles.getOrDefault(i, Map.of());
    if (files.isEmpty()) {
      return argv;
    }
    StringBuilder script = new StringBuilder();
    files.forEach((name, file) -> script.append("printf %s \"$").append(name).append("\" > '").append(file)
        .append("' && chmod 0400 '").append(file).append("' && unset ").append(name).append(" && "));
    List<String> all = new ArrayList<>(List.of("/bin/sh", "-c", script + "exec \"$@\"", "sh"));
    all.addAll(argv);
    return all;
  }

  /** The exec variables step {@code i}'s secret mounts add to its environment. */
  Map<String, String> env(int i) {
    return secretEnv.getOrDefault(i, Map.of());
  }

  /**
   * The host file a secret mount binds at exactly its target, as the embedded runtime binds one:
   * in a 0700 folder on the host's {@code /dev/shm} (memory, never disk), mode 0400 (root's,
   * as the embedded runtime's and BuildKit's secret files), removed with the build's other mounts. Null when the
   * engine is not on this machine (a TCP address may be another machine, whose files a bind
   * names) or the host has no {@code /dev/shm}: then the file is written into a tmpfs over its
   * folder by the step's command ({@link #wrap}).
   */
  private Path heldSecret(int i, int k, String value) throws IOException {
    if (!api.host().url().startsWith("unix://") || !Files.isDirectory(SHM)) {
      return null;
    }
    if (secretDir == null) {
      secretDir = Files.createTempDirectory(SHM, "template-studio-secrets-",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    Path file = secretDir.resolve(i + "-" + k);
    Files.writeString(file, value, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
    return file;
  }

  /** Makes volume {@code name} hold {@code image}'s folder {@code source}: the engine copies it up on first mount. */
  private void fill(String name, String image, String source) throws IOException, StepFailure {
    RunMountPlan.refuseClimbing("bind source", source);
    volumes.add(name);
    ObjectNode config = DockerHttp.JSON.createObjectNode().put("Image", image);
    config.set("Entrypoint", DockerHttp.JSON.valueToTree(List.of("/bin/sh", "-c", "true")));
    config.putObject("HostConfig").putArray("Mounts").addObject().put("Type", "volume").put("Source", name)
        .put("Target", source);
    String id = api.createContainer(config);
    try {
      // Creating is enough for Docker to copy up; Podman copies up when the container starts.
      api.startContainer(id);
    } finally {
      DockerChecks.removeQuietly(api, id);
    }
  }

  /** Where a mount goes: normalized (the engine resolves it inside the container), never the root, /proc or /dev. */
  private static String target(String target) throws StepFailure {
    RunMountPlan.checkTarget(target);
    String norm = Path.of(target).normalize().toString();
    RunMountPlan.checkResolved(norm.substring(1), target);
    return norm;
  }

  /** The volume of cache mount {@code id}: a hash, as an id may hold what a volume name may not. */
  static String cacheVolume(String id) {
    byte[] sha = dev.templatestudio.bridge.io.Digests.sha256().digest(id.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return "template-studio-cache-" + java.util.HexFormat.of().formatHex(sha).substring(0, 24);
  }

  /** Removes the build's bind volumes and host copies; cache volumes stay for the next build. */
  @Override
  public void close() {
    for (String v : volumes) {
      try {
        api.http().json("DELETE", "/volumes/" + DockerApi.q(v) + "?force=1", null);
      } catch (IOException e) {
        // A volume still in use stays for docker volume prune.
      }
    }
    if (secretDir != null) {
      copies.add(secretDir);
    }
    for (Path p : copies) {
      try {
        Trees.delete(p);
      } catch (IOException e) {
        // A temp copy left behind is only disk space in the temp folder.
      }
    }
  }

  /** Copies the selected files of a bind mount to a host folder. */
  static final class BoundCopy {
    private BoundCopy() {}

    /** The bound thing: the one file, or the folder holding the entries. */
    static Path copy(List<CopySources.Entry> entries, Path into) throws IOException {
      if (entries.size() == 1 && entries.get(0).destPath().isEmpty() && entries.get(0).kind() != CopySources.Kind.DIR) {
        Path file = into.resolve("bound");
        Files.copy(entries.get(0).source(), file, LinkOption.NOFOLLOW_LINKS, StandardCopyOption.COPY_ATTRIBUTES);
        return file;
      }
      Path dir = Files.createDirectories(into.resolve("bound"));
      for (CopySources.Entry e : entries) {
        Path target = e.destPath().isEmpty() ? dir : dir.resolve(e.destPath());
        if (e.kind() == CopySources.Kind.DIR) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(e.source(), target, LinkOption.NOFOLLOW_LINKS, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
      return dir;
    }
  }
}
