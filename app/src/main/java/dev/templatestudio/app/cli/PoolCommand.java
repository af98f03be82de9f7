package dev.templatestudio.app.cli;

import dev.templatestudio.bridge.build.Runtime;
import dev.templatestudio.bridge.machines.PoolInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pool set REF --ready N [--max M] | pool ls | pool rm REF} (CONTRACT.md §7,
 * docs/MACHINES.md): warm pools of ready machines, kept by the serve that holds the machines.
 */
@Command(name = "pool", description = "Warm pools: keep ready machines of a template (set, ls, rm).",
    subcommands = {PoolCommand.Set.class, PoolCommand.Ls.class, PoolCommand.Rm.class})
final class PoolCommand {

  @Command(name = "set", description = "Keep N machines of a template started and ready.")
  static final class Set implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "REF", description = "name or name:tag (a moved tag refills the pool)") String ref;
    @Option(names = "--ready", required = true, paramLabel = "N", description = "Ready machines to keep.") int ready;
    @Option(names = "--max", paramLabel = "M", description = "At most this many, ready and handed out (default: what fits).")
    Integer max;
    @Mixin RuntimeOptions runtimeOptions;

    @Override
    public Integer call() throws IOException {
      if (ready < 0 || (max != null && max < ready)) {
        throw new CliException("--ready takes 0 or more and --max at least --ready", 2);
      }
      try (Runtime rt = MachineCommand.open(runtimeOptions)) {
        PoolInfo p = rt.machines().setPool(ref, ready, max);
        spec.commandLine().getOut().println(p.ref() + ": keeping " + p.ready() + " ready (at most " + p.max() + ")");
        spec.commandLine().getOut().flush();
        return 0;
      }
    }
  }

  @Command(name = "ls", description = "List the warm pools: ready, starting and in-use machines.")
  static final class Ls implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin RuntimeOptions runtimeOptions;

    @Override
    public Integer call() throws IOException {
      try (Runtime rt = MachineCommand.open(runtimeOptions)) {
        PrintWriter out = spec.commandLine().getOut();
        String format = "%-24s  %5s  %5s  %8s  %6s  %4s  %s%n";
        out.printf(format, "TEMPLATE", "READY", "IDLE", "STARTING", "IN USE", "MAX", "BUILD");
        for (PoolInfo p : rt.machines().pools()) {
          out.printf(format, p.ref(), p.ready(), p.idle(), p.starting(), p.inUse(), p.max(),
              (p.builds() == null ? "-" : p.builds().replaceFirst("@sha256:(.{12}).*", "@sha256:$1…"))
              + (p.lastError() == null ? "" : "  (retrying in " + p.retryInSeconds() + " s: " + p.lastError() + ")"));
        }
        out.flush();
        return 0;
      }
    }
  }

  @Command(name = "rm", description = "Remove a warm pool and its idle machines.")
  static final class Rm implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "REF") String ref;
    @Mixin RuntimeOptions runtimeOptions;

    @Override
    public Integer call() throws IOException {
      try (Runtime rt = MachineCommand.open(runtimeOptions)) {
        if (!rt.machines().removePool(ref)) {
          throw new CliException("no warm pool for " + ref + "; pool ls lists them");
        }
        spec.commandLine().getOut().println(ref);
        spec.commandLine().getOut().flush();
        return 0;
      }
    }
  }
}
