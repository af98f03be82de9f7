package dev.templatestudio.bridge.embedded;

import dev.templatestudio.bridge.context.CopySources;
import dev.templatestudio.bridge.embedded.store.BlobStore;
import dev.templatestudio.bridge.embedded.oci.Descriptor;
import dev.templatestudio.bridge.embedded.oci.MediaTypes;
import dev.templatestudio.bridge.embedded.sandbox.OutputSink;
import dev.templatestudio.bridge.embedded.sandbox.ResourceLimits;
import dev.templatestudio.bridge.embedded.sandbox.Sandbox;
import dev.templatestudio.bridge.embedded.sandbox.SandboxProcess;
import dev.templatestudio.bridge.embedded.sandbox.SandboxSpec;
import dev.templatestudio.bridge.embedded.step.CopyIntoLayer;
import dev.templatestudio.bridge.embedded.step.StageFiles;
import dev.templatestudio.bridge.embedded.step.ImageUser;
import dev.templatestudio.bridge.embedded.step.LayerStack;
import dev.templatestudio.bridge.plan.StepFailure;
import dev.templatestudio.bridge.embedded.step.UpperTree;
import dev.templatestudio.bridge.embedded.store.DiskBudget;
import dev.templatestudio.bridge.io.DiskUsage;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.template.CopyStep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Makes the layer of one step that changes files: runs its command in a sandbox (or copies
 * its files) into a fresh overlay upper dir, then captures that dir as a reproducible OCI
 * layer tar in the blob store and adopts it as an unpacked layer. A command runs within the
 * build's resource limits; one that runs out of memory or processes fails saying so. Used on
 * the build's thread; {@link #cancel} may be called from any thread.
 */
final class StepRunner {
  private static final int TAIL_LINES = 20;
  /** How often a running step's cgroup is asked whether it reached its process limit. */
  private static final long LIMIT_POLL_MILLIS = 100;
  private final Store store;
  private final Sandbox sandbox;
  private final Scratch scratch;
  private final ResourceLimits limits;
  private final LimitWarning warning;
  private final DiskBudget budget;
  private final List<String> shell;
  private volatile SandboxProcess current;
  private volatile boolean cancelled;

  StepRunner(Store store, Sandbox sandbox, Scratch scratch, ResourceLimits limits, LimitWarning warning,
      DiskBudget budget) {
    this(store, sandbox, scratch, limits, warning, budget, List.of());
  }

  /** With {@code shell}: the command words a step's command follows ({@code /bin/sh -c} when empty). */
  StepRunner(Store store, Sandbox sandbox, Scratch scratch, ResourceLimits limits, LimitWarning warning,
      DiskBudget budget, List<String> shell) {
    this.shell = shell.isEmpty() ? List.of("/bin/sh", "-c") : List.copyOf(shell);
    this.store = store;
    this.sandbox = sandbox;
    this.scratch = scratch;
    this.limits = limits;
    this.warning = warning;
    this.budget = budget;
  }

  /** The scratch dir of the stage's steps, made on first use, deleted with the build's. */
  Scratch scratch() {
    return scratch;
  }

  /** The build's disk budget: every layer made here is charged to it. */
  DiskBudget budget() {
    return budget;
  }

  /** A captured layer: its descriptor (digest = diff id, uncompressed) and unpacked dir. */
  record Layer(Descriptor descriptor, Path dir) {}

  /** Kills the running command, if any; the step then fails as cancelled. */
  void cancel() throws InterruptedException {
    cancelled = true;
    SandboxProcess p = current;
    if (p != null) {
      p.kill();
    }
  }

  boolean isCancelled() {
    return cancelled;
  }

  /**
   * Runs {@code command} with the stage's shell in the image, with the step's {@code mounts}
   * ({@code RUN --mount}) around it, none of which reaches the layer, and captures its changes; a
   * fault names paths as the image sees them.
   */
  Layer run(int index, String description, String command, ImageState image, Map<String, String> env,
      ImageUser user, RunMounts.Setup mounts, OutputSink sink) throws IOException, StepFailure, InterruptedException {
    Path dir = Files.createDirectory(scratch.path().resolve("step-" + index));
    Path upper = mkdir(dir.resolve("upper"));
    LayerStack stack = new LayerStack(lowers(image, dir));
    ImagePaths paths = new ImagePaths(dir, stack.topFirst());
    RunMounts.Prepared mounted = null;
    try {
      String workdir = image.config.workingDir() == null ? "/" : image.config.workingDir();
      try {
        // Like Docker's WORKDIR, a working directory the image lacks is created.
        folder(new UpperTree(upper, stack), workdir);
      } catch (StepFailure e) {
        throw new StepFailure("step " + index + " (" + description + ") failed: its working directory "
            + workdir + " cannot be made: " + e.getMessage());
      }
      Deque<String> tail = new ArrayDeque<>();
      mounted = mounts.prepare(upper, new UpperTree(upper, stack), dir);
      SandboxSpec spec = new SandboxSpec(stack.topFirst(), upper, mkdir(dir.resolve("work")),
          mkdir(dir.resolve("merged")), argv(command), mounted.env(env),
          user.uid() == 0 ? null : user.uid(), user.gid(), workdir, true, limits, mounted.mounts());
      int code;
      boolean tooManyProcesses = false;
      SandboxProcess p;
      // Watching starts before the step, so the free space it starts from has none of its writes.
      try (StepDiskWatch watch = new StepDiskWatch(dir, budget, this::killCurrent)) {
        p = sandbox.start(spec, (stream, raw) -> {
          // The sandbox's own complaints (a mount that failed) name its host folders.
          String line = paths.text(raw);
          synchronized (tail) {
            tail.addLast(line);
            if (tail.size() > TAIL_LINES) {
              tail.removeFirst();
            }
          }
          sink.line(stream, line);
        });
        current = p;
        warning.warnIf(index, p.unenforced());
        if (cancelled || watch.tripped()) {
          p.kill();
        }
        while (!p.waitFor(LIMIT_POLL_MILLIS)) {
          // A fork bomb held at the limit would spin until cancelled: a step that reaches it ends.
          if (p.processLimitHits() > 0) {
            tooManyProcesses = true;
            p.kill();
          }
        }
        code = p.waitFor();
        watch.close();
        if (watch.tripped()) {
          throw budget.exceed();
        }
      } finally {
        current = null;
      }
      if (cancelled) {
        throw new InterruptedException("cancelled");
      }
      String out;
      synchronized (tail) {
        out = tail.isEmpty() ? "" : ":\n" + String.join("\n", tail);
      }
      if (tooManyProcesses || code != 0 && p.processLimitHits() > 0) {
        throw new StepFailure("step " + index + " reached its limit of " + limits.processes() + " processes ("
            + description + ") and was stopped" + out);
      }
      if (code != 0 && p.oomKills() > 0) {
        throw new StepFailure(limits.outOfMemory("step " + index) + " (" + description + ") and failed with exit code "
            + code + (limits.memoryMb() == null ? "" : " (raise resources.memoryMb or --memory-mb)") + out);
      }
      if (code != 0) {
        throw new StepFailure("step " + index + " (" + description + ") failed with exit code " + code + out);
      }
      if (p.oomKills() > 0) {
        sink.line("stderr", limits.outOfMemory("step " + index) + ": the kernel killed " + p.oomKills()
            + " of its processes, and the step went on");
      }
      mounted.removeStubs();
      return capture(upper);
    } catch (IOException e) {
      throw paths.exception(e);
    } finally {
      if (mounted != null) {
        mounted.close();
      }
    }
  }

  /** Copies the planned context files into a new layer; a failure names paths as the image sees them. */
  Layer copy(int index, String description, CopyStep step, List<CopySources.Entry> entries, ImageState image)
      throws IOException, StepFailure {
    Path dir = Files.createDirectory(scratch.path().resolve("step-" + index));
    Path upper = mkdir(dir.resolve("upper"));
    LayerStack stack = new LayerStack(lowers(image, dir));
    ImagePaths paths = new ImagePaths(dir, stack.topFirst());
    try {
      CopyIntoLayer.copy(step, entries, upper, stack, image.config.workingDir());
      return capture(upper);
    } catch (StepFailure e) {
      throw new StepFailure("step " + index + " (" + description + ") failed: " + paths.text(e.getMessage()));
    } catch (IOException e) {
      throw paths.exception(e);
    }
  }

  /**
   * Copies {@code step}'s sources from {@code from} (a finished stage, or an image's layers;
   * {@code shownFrom} names it, "stage build") into a new layer, as {@code COPY --from}.
   */
  Layer copyFrom(int index, String description, CopyStep step, LayerStack from, String shownFrom, ImageState image)
      throws IOException, StepFailure {
    List<CopySources.Entry> entries;
    try {
      entries = StageFiles.select(step, from, shownFrom);
    } catch (StepFailure e) {
      throw new StepFailure("step " + index + " (" + description + ") failed: " + e.getMessage());
    }
    return copy(index, description, step, entries, image);
  }

  /** The command words of a step's command: the shell, then the command. */
  private List<String> argv(String command) {
    List<String> words = new java.util.ArrayList<>(shell);
    words.add(command);
    return words;
  }

  /**
   * A layer holding only the folder {@code absoluteDir} (and missing parents), as WORKDIR makes
   * it: links on the way are followed inside the image, as Docker does.
   */
  Layer directory(int index, String description, String absoluteDir, ImageState image)
      throws IOException, StepFailure {
    Path dir = Files.createDirectory(scratch.path().resolve("step-" + index));
    Path upper = mkdir(dir.resolve("upper"));
    LayerStack stack = new LayerStack(lowers(image, dir));
    try {
      folder(new UpperTree(upper, stack), absoluteDir);
      return capture(upper);
    } catch (StepFailure e) {
      throw new StepFailure("step " + index + " (" + description + ") failed: " + absoluteDir
          + " cannot be made: " + e.getMessage());
    } catch (IOException e) {
      throw new ImagePaths(dir, stack.topFirst()).exception(e);
    }
  }

  /** Makes the folder {@code absoluteDir} (mode 0755, root's) unless the image has it. */
  private static void folder(UpperTree tree, String absoluteDir) throws IOException, StepFailure {
    String relative = tree.resolve(absoluteDir);
    if (tree.lookup(relative).kind() != LayerStack.Kind.DIRECTORY) {
      tree.folder(relative, (rel, made) -> Files.setAttribute(made, "unix:mode", 0755));
    }
  }

  /**
   * Adopts the upper dir as the layer's unpacked dir, which is also its blob: the store keeps
   * the layer once and makes its tar again when it is read, so only the files are charged to
   * the build's budget.
   */
  Layer capture(Path upper) throws IOException {
    budget.charge(DiskUsage.of(upper));
    BlobStore blobs = store.blobs().charging(budget);
    String digest = blobs.adoptTree(upper, Instant.EPOCH);
    return new Layer(new Descriptor(MediaTypes.OCI_LAYER, digest, blobs.size(digest)), store.layers().path(digest));
  }

  /** Kills the running command, if any (the step's disk watch stops it so). */
  private void killCurrent() {
    SandboxProcess p = current;
    if (p == null) {
      return;
    }
    try {
      p.kill();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The image's layers top first; an image without layers gets one empty lower dir. */
  static List<Path> lowers(ImageState image, Path scratchDir) throws IOException {
    if (image.layerDirs.isEmpty()) {
      return List.of(mkdir(scratchDir.resolve("empty")));
    }
    return image.lowersTopFirst();
  }


  private static Path mkdir(Path p) throws IOException {
    return Files.createDirectory(p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
  }
}
