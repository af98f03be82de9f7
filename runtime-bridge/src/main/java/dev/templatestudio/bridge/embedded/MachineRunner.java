package dev.templatestudio.bridge.embedded;

import dev.templatestudio.bridge.build.UnknownTemplateException;
import dev.templatestudio.bridge.embedded.layer.LayerExtractor;
import dev.templatestudio.bridge.embedded.machine.Machine;
import dev.templatestudio.bridge.embedded.machine.ReadyWaiter;
import dev.templatestudio.bridge.embedded.oci.Descriptor;
import dev.templatestudio.bridge.embedded.oci.ImageConfig;
import dev.templatestudio.bridge.embedded.sandbox.OutputSink;
import dev.templatestudio.bridge.embedded.sandbox.ResourceLimits;
import dev.templatestudio.bridge.embedded.sandbox.Sandbox;
import dev.templatestudio.bridge.embedded.step.ImageUser;
import dev.templatestudio.bridge.embedded.step.LayerStack;
import dev.templatestudio.bridge.plan.StepFailure;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.embedded.store.StoreGate;
import dev.templatestudio.bridge.embedded.store.TemplateIndex;
import dev.templatestudio.bridge.template.Ready;
import dev.templatestudio.bridge.template.Resources;
import dev.templatestudio.bridge.template.TemplateJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code template-studio run REF -- CMD}: a machine from a built template with its own
 * throwaway upper dir, within the template's resources (or those the run gives); its start
 * command started and awaited when it has one; CMD run in it with the runtime envs, reading
 * the given input; everything stopped and removed afterwards. A command that fails because
 * the machine ran out of memory fails saying so. Blocks the calling thread.
 * The machine is in its runtime's set of open machines while it runs, so that closing the
 * runtime (as Ctrl+C does) stops it and deletes its files.
 */
final class MachineRunner {
  private final Store store;
  private final Sandbox sandbox;
  private final Set<Machine> open;
  private final int processLimit;

  MachineRunner(Store store, Sandbox sandbox, Set<Machine> open, int processLimit) {
    this.processLimit = processLimit;
    this.store = store;
    this.sandbox = sandbox;
    this.open = open;
  }

  /** Runs {@code command}; {@code resources} (null, or null fields: the template's) limit the machine. */
  int run(String ref, List<String> command, InputStream stdin, Resources resources, OutputSink output)
      throws IOException {
    // Held while the machine runs: a prune --all never takes its layers from under it.
    try (StoreGate.Hold hold = StoreGate.shared(store.root(), () -> { })) {
      return runHeld(ref, command, stdin, resources, output);
    }
  }

  private int runHeld(String ref, List<String> command, InputStream stdin, Resources resources,
      OutputSink output) throws IOException {
    Optional<TemplateIndex.Resolved> found = store.templates().resolve(ref);
    if (found.isEmpty() || !store.blobs().has(found.get().manifestDigest())) {
      throw new UnknownTemplateException("template \"" + ref + "\" is not in the store " + store.root()
          + "; template-studio templates lists what is there");
    }
    store.templates().touch(found.get().name());
    ImageWriter.Loaded image = ImageWriter.load(store.blobs(), found.get().manifestDigest());
    List<Path> lowers = unpack(image);
    ImageConfig.Config config = image.config().config() == null
        ? new ImageConfig.Config(null, null, null, null, null, null, null) : image.config().config();
    ImageUser user;
    try {
      user = ImageUser.resolve(config.user(), new LayerStack(lowers));
    } catch (StepFailure e) {
      throw new IOException(e.getMessage());
    }
    Map<String, String> env = ImageConfigs.envMap(config);
    env.putIfAbsent("HOME", user.home());
    String workdir = config.workingDir() == null ? "/" : config.workingDir();
    ResourceLimits limits = ResourceLimits.of(Resources.overridden(resources(config), resources), processLimit);
    List<String> start = new ArrayList<>();
    boolean hasStart = config.labels() != null && config.labels().containsKey(StartCheck.START_LABEL);
    if (hasStart && config.entrypoint() != null) {
      start.addAll(config.entrypoint());
    }
    if (hasStart && config.cmd() != null) {
      start.addAll(config.cmd());
    }
    try {
      if (start.isEmpty()) {
        try (Machine machine = Machine.start(sandbox, store.work(), lowers, command, env, user, workdir, limits,
            stdin, output); Tracked tracked = track(machine)) {
          warnIfUnenforced(machine, limits, output);
          return failIfOutOfMemory(machine, machine.exitCode(), 0);
        }
      }
      try (Machine machine = Machine.start(sandbox, store.work(), lowers, start, env, user, workdir, limits,
          (s, l) -> { }); Tracked tracked = track(machine)) {
        warnIfUnenforced(machine, limits, output);
        ReadyWaiter.await(machine, ready(config), env, user, () -> false);
        long oomBefore = machine.oomKills();
        return failIfOutOfMemory(machine, machine.exec(command, env, user, stdin, output, 0), oomBefore);
      }
    } catch (StepFailure e) {
      throw new IOException("the machine did not get ready: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while the machine ran");
    }
  }

  /** {@code code}, unless the command failed as the kernel killed processes of the machine for want of memory. */
  private static int failIfOutOfMemory(Machine machine, int code, long oomKillsBefore) throws IOException {
    if (code != 0 && machine.oomKills() > oomKillsBefore) {
      throw new IOException(machine.outOfMemory().orElseThrow() + " (the command exited with code " + code + ")");
    }
    return code;
  }

  /**
   * Says on the command's stderr that the machine runs without the cpus or memory limit the
   * template or the run asked for (the process limit every machine has goes unsaid: a run is
   * no build, whose log has room for it).
   */
  private static void warnIfUnenforced(Machine machine, ResourceLimits limits, OutputSink output) {
    if (limits.cpus() != null || limits.memoryMb() != null) {
      machine.unenforced().ifPresent(why -> output.line("stderr",
          "template-studio: warning: resource limits are not enforced: " + why));
    }
  }

  /** The resources recorded on the image (null: none). */
  private static Resources resources(ImageConfig.Config config) throws IOException {
    String json = config.labels() == null ? null : config.labels().get(StartCheck.RESOURCES_LABEL);
    return json == null ? null : TemplateJson.mapper().readValue(json, Resources.class);
  }

  /** Keeps {@code machine} in the open set until closed (before the machine itself closes). */
  private Tracked track(Machine machine) {
    open.add(machine);
    return () -> open.remove(machine);
  }

  private interface Tracked extends AutoCloseable {
    @Override
    void close();
  }

  private static Ready ready(ImageConfig.Config config) throws IOException {
    String json = config.labels() == null ? null : config.labels().get(StartCheck.READY_LABEL);
    return json == null ? null : TemplateJson.mapper().readValue(json, Ready.class);
  }

  private List<Path> unpack(ImageWriter.Loaded image) throws IOException {
    List<String> diffIds = image.config().rootfs() == null ? List.of() : image.config().rootfs().diffIds();
    List<Path> dirs = new ArrayList<>();
    List<Descriptor> layers = image.manifest().layers();
    for (int i = 0; i < layers.size(); i++) {
      String blob = layers.get(i).digest();
      dirs.add(store.layers().ensure(i < diffIds.size() ? diffIds.get(i) : blob, dir -> {
        try (InputStream in = store.blobs().open(blob)) {
          LayerExtractor.extract(in, dir);
        }
      }));
    }
    Collections.reverse(dirs);
    return dirs;
  }
}
