package dev.templatestudio.app.cli;

import dev.templatestudio.app.doctor.MachineNeeds;
import dev.templatestudio.bridge.host.HostFacts;
import dev.templatestudio.bridge.host.Need;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code doctor} (CONTRACT.md §7): what this machine has and lacks for the embedded runtime, the
 * docker runtime and the studio window, each missing thing with the exact command that fixes it
 * (the sentence a build that fails for it says), and last one line with the fix for them all.
 * Exit 1 when something is missing; a stopped engine or no display is reported, not missing.
 */
@Command(name = "doctor", description = "List what this machine has and lacks for the embedded runtime, "
    + "the docker runtime and the studio window, with the command that fixes each missing thing; "
    + "exit 1 when something is missing.")
final class DoctorCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    return report(HostFacts.local(), spec.commandLine().getOut());
  }

  /** Prints the report of {@code host} to {@code out}; the exit code. */
  static int report(HostFacts host, PrintWriter out) {
    List<MachineNeeds.Group> groups = MachineNeeds.check(host);
    for (MachineNeeds.Group g : groups) {
      out.println(g.title());
      for (Need n : g.needs()) {
        String state = n.state().name().toLowerCase(Locale.ROOT);
        out.printf("  %-8s %s%n", state, n.state() == Need.State.OK ? n.subject() + ": " + n.detail() : n.sentence());
      }
    }
    out.println(MachineNeeds.summary(groups));
    out.flush();
    return MachineNeeds.flat(groups).stream().allMatch(Need::isThere) ? 0 : 1;
  }
}
