package dev.templatestudio.bridge.embedded;

import dev.templatestudio.bridge.embedded.machine.Machine;
import dev.templatestudio.bridge.embedded.machine.ReadyWaiter;
import dev.templatestudio.bridge.embedded.sandbox.OutputSink;
import dev.templatestudio.bridge.embedded.sandbox.ResourceLimits;
import dev.templatestudio.bridge.embedded.sandbox.Sandbox;
import dev.templatestudio.bridge.plan.StepFailure;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.embedded.store.StoreGate;
import dev.templatestudio.bridge.template.Resources;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;

/**
 * {@code template-studio run REF -- CMD}: a machine from a built template with its own
 * throwaway upper dir and its own network namespace (loopback only, as a held machine's),
 * within the template's resources (or those the run gives); its start command started and
 * awaited when it has one; CMD run in it with the runtime envs, reading
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
    MachineImage image = MachineImage.load(store, ref, resources, processLimit);
    ResourceLimits limits = image.limits();
    try {
      if (image.start().isEmpty()) {
        try (Machine machine = Machine.start(sandbox, store.work(), image.lowers(), command, image.env(),
            image.user(), image.workdir(), limits, stdin, output, true); Tracked tracked = track(machine)) {
          warnIfUnenforced(machine, limits, output);
          return failIfOutOfMemory(machine, machine.exitCode(), 0);
        }
      }
      try (Machine machine = Machine.start(sandbox, store.work(), image.lowers(), image.start(), image.env(),
          image.user(), image.workdir(), limits, null, (s, l) -> { }, true); Tracked tracked = track(machine)) {
        warnIfUnenforced(machine, limits, output);
        ReadyWaiter.await(machine, image.ready(), image.env(), image.user(), () -> false);
        long oomBefore = machine.oomKills();
        return failIfOutOfMemory(machine, machine.exec(command, image.env(), image.user(), stdin, output, 0),
            oomBefore);
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

  /** Keeps {@code machine} in the open set until closed (before the machine itself closes). */
  private Tracked track(Machine machine) {
    open.add(machine);
    return () -> open.remove(machine);
  }

  private interface Tracked extends AutoCloseable {
    @Override
    void close();
  }
}
