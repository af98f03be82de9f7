package dev.templatestudio.bridge.embedded;

import dev.templatestudio.bridge.context.CopySources;
import dev.templatestudio.bridge.embedded.sandbox.SandboxMount;
import dev.templatestudio.bridge.embedded.step.BoundFiles;
import dev.templatestudio.bridge.embedded.step.LayerStack;
import dev.templatestudio.bridge.embedded.step.MountSources;
import dev.templatestudio.bridge.embedded.step.MountStubs;
import dev.templatestudio.bridge.embedded.step.UpperTree;
import dev.templatestudio.bridge.embedded.store.CacheMounts;
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
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A build's run mounts with BuildKit's meaning ({@code RUN --mount}): {@code cache} a folder
 * kept in the store between builds ({@link CacheMounts}); {@code bind} files of the build context
 * (after {@code .dockerignore}, copied for the step, so it sees exactly what its cache key
 * hashed) or of a stage or an image ({@link MountSources}), read-only unless {@code rw}, and
 * with {@code rw} the writes gone after the step; {@code secret} a declared secret's value as
 * a read-only file (default {@code /run/secrets/ID}, in memory outside the store) and/or a
 * variable; {@code tmpfs} an empty file system in memory. Targets resolve inside the image,
 * never through {@code ..}, never into /proc or /dev. Only a bind mount's source is part of the
 * step's cache key. One build's thread.
 */
public final class RunMounts {
  private final CacheMounts caches;
  private final Path context;
  private final Map<String, String> secrets;
  private final MountSources sources;
  private final Consumer<String> waiting;
  /** By "step/mount": the context files a bind mount takes, or the file system it takes them from. */
  private final Map<String, List<CopySources.Entry>> contextFiles = new HashMap<>();
  private final Map<String, MountSources.Root> roots = new HashMap<>();

  /** @param waiting told, as a line for the build's log, when a step waits for a locked cache */
  public RunMounts(CacheMounts caches, Path context, Map<String, String> secrets, MountSources sources,
      Consumer<String> waiting) {
    this.caches = caches;
    this.context = context;
    this.secrets = Map.copyOf(secrets);
    this.sources = sources;
    this.waiting = waiting;
  }

  /** The mounts of one step made ready for its sandbox, in its upper dir and scratch dir. */
  @FunctionalInterface
  public interface Setup {
    Prepared prepare(Path upper, UpperTree tree, Path stepDir) throws IOException, StepFailure;
  }

  /** For a step without mounts. */
  public static final Setup NONE = (upper, tree, stepDir) -> new Prepared(null);

  /**
   * Selects and hashes what every bind mount of {@code steps} takes, before any step runs (a
   * source outside the context fails the build at once): the inputs of their cache keys.
   */
  public BuildPlan.Inputs plan(List<Step> steps) throws StepFailure, IOException {
    RunMountPlan.Binds binds = RunMountPlan.binds(steps, context, (key, from) -> {
      MountSources.Root root = sources.rootOf(from);
      roots.put(key, root);
      return root.digest();
    });
    contextFiles.putAll(binds.contextFiles());
    return binds.inputs();
  }

  /** The setup of step {@code index}'s mounts; a failure is one sentence naming the step. */
  public Setup forStep(int index, String description, RunStep step) {
    if (step.mounts().isEmpty()) {
      return NONE;
    }
    return (upper, tree, stepDir) -> {
      Prepared p = new Prepared(new MountStubs(upper, tree));
      int k = 0;
      try {
        for (; k < step.mounts().size(); k++) {
          add(p, index + "/" + k, step.mounts().get(k), tree, stepDir.resolve("mount-" + k));
        }
        return p;
      } catch (StepFailure e) {
        p.close();
        Mount m = step.mounts().get(k);
        throw new StepFailure("step " + index + " (" + description + ") failed: mount " + (k + 1) + " ("
            + m.type() + (m.target() != null ? " " + m.target() : m.id() != null ? " " + m.id() : "") + "): "
            + e.getMessage());
      } catch (IOException | RuntimeException e) {
        p.close();
        throw e;
      }
    };
  }

  private void add(Prepared p, String key, Mount m, UpperTree tree, Path scratch) throws IOException, StepFailure {
    switch (m.type()) {
      case "cache" -> {
        String id = RunMountPlan.cacheId(m);
        String rel = target(m.target(), tree);
        p.stubs.ensure(rel, true);
        CacheMounts.Lease lease = caches.acquire(id, m.sharing(), () -> waiting.accept("waiting for cache mount "
            + id + " (sharing=" + m.sharing() + "), which another build is using"));
        p.leases.add(lease);
        p.mounts.add(SandboxMount.bind(lease.data(), rel, false));
      }
      case "tmpfs" -> {
        String rel = target(m.target(), tree);
        p.stubs.ensure(rel, true);
        // The kernel takes 64m or 65536, not 64mb.
        p.mounts.add(SandboxMount.tmpfs(rel, m.size() == null ? null : m.size().replaceAll("[bB]$", "")));
      }
      case "secret" -> secret(p, m, tree);
      default -> bind(p, key, m, tree, scratch);
    }
  }

  private void secret(Prepared p, Mount m, UpperTree tree) throws IOException, StepFailure {
    Optional<RunMountPlan.Secret> given = RunMountPlan.secret(m, secrets);
    if (given.isEmpty()) {
      return;
    }
    RunMountPlan.Secret secret = given.get();
    if (secret.env() != null) {
      p.env.put(secret.env(), secret.value());
    }
    if (secret.file() != null) {
      String rel = target(secret.file(), tree);
      p.stubs.ensure(rel, false);
      p.mounts.add(SandboxMount.bind(p.secretFile(secret.value()), rel, true));
    }
  }

  private void bind(Prepared p, String key, Mount m, UpperTree tree, Path scratch) throws IOException, StepFailure {
    boolean readOnly = !Boolean.TRUE.equals(m.rw());
    MountSources.Root root = roots.get(key);
    if (root != null) {
      String source = "/" + (m.source() == null ? "" : m.source());
      RunMountPlan.refuseClimbing("bind source", source);
      LayerStack image = new LayerStack(root.layersTopFirst());
      String inImage = image.resolve(source);
      LayerStack.Kind kind = image.lookup(inImage).kind();
      if (kind != LayerStack.Kind.DIRECTORY && kind != LayerStack.Kind.FILE) {
        throw new StepFailure("bind source " + source + " is " + (kind == LayerStack.Kind.ABSENT
            ? "not in " : "neither a file nor a folder in ") + m.from().reference());
      }
      String rel = target(m.target(), tree);
      p.stubs.ensure(rel, kind == LayerStack.Kind.DIRECTORY);
      p.mounts.add(SandboxMount.layers(root.layersTopFirst(), inImage, rel, readOnly));
      return;
    }
    // A copy: the step sees what was hashed even if the context changes meanwhile, and rw writes go with it.
    Path bound = BoundFiles.copy(contextFiles.get(key), Files.createDirectory(scratch), "bound");
    String rel = target(m.target(), tree);
    p.stubs.ensure(rel, Files.isDirectory(bound, LinkOption.NOFOLLOW_LINKS));
    p.mounts.add(SandboxMount.bind(bound, rel, readOnly));
  }

  /** Where a mount goes, relative to the image's root: resolved inside the image, never into /proc or /dev. */
  private static String target(String target, UpperTree tree) throws IOException, StepFailure {
    RunMountPlan.checkTarget(target);
    String rel = tree.resolve(target);
    RunMountPlan.checkResolved(rel, target);
    return rel;
  }

  /** A step's mounts, ready: closing releases its caches and deletes its secrets' files. */
  public static final class Prepared implements AutoCloseable {
    private final MountStubs stubs;
    private final List<SandboxMount> mounts = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<CacheMounts.Lease> leases = new ArrayList<>();
    private Path secretDir;

    Prepared(MountStubs stubs) {
      this.stubs = stubs;
    }

    /** What the sandbox mounts, in order. */
    public List<SandboxMount> mounts() {
      return List.copyOf(mounts);
    }

    /** The step's environment {@code base} with the variables its secret mounts add (never stored). */
    public Map<String, String> env(Map<String, String> base) {
      Map<String, String> all = new LinkedHashMap<>(base);
      all.putAll(env);
      return all;
    }

    /** Takes the mount points out of the upper dir, once the step has ended and before its layer is made. */
    public void removeStubs() throws IOException {
      if (stubs != null) {
        stubs.remove();
      }
    }

    /**
     * A file holding {@code value}, mode 0400, in a folder of this step's own (mode 0700) in
     * memory ({@code /dev/shm}) when the host has it: never in the store.
     */
    Path secretFile(String value) throws IOException {
      if (secretDir == null) {
        Path shm = Path.of("/dev/shm");
        secretDir = Files.createTempDirectory(Files.isDirectory(shm) && Files.isWritable(shm) ? shm
            : Path.of(System.getProperty("java.io.tmpdir")), "template-studio-secrets-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      Path file = Files.createTempFile(secretDir, "secret-", "",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, value, StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
      return file;
    }

    @Override
    public void close() throws IOException {
      for (int i = leases.size() - 1; i >= 0; i--) {
        leases.get(i).close();
      }
      leases.clear();
      if (secretDir != null) {
        Trees.delete(secretDir);
        secretDir = null;
      }
    }
  }
}
