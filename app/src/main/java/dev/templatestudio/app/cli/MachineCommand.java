package dev.templatestudio.app.cli;

import dev.templatestudio.bridge.build.Runtime;
import dev.templatestudio.bridge.machines.Fallback;
import dev.templatestudio.bridge.machines.MachineInfo;
import dev.templatestudio.bridge.machines.MachineRequest;
import dev.templatestudio.bridge.machines.Machines;
import dev.templatestudio.bridge.machines.Publish;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code machine create|exec|ls|logs|rm} (CONTRACT.md §7, docs/MACHINES.md): machines that live
 * until removed or their timeout, held by a {@code serve}. Without {@code --runtime} the
 * commands use the local daemon on the store's unix socket, started when none answers, as
 * {@code docker} finds its daemon.
 */
@Command(name = "machine", description = "Machines that live until removed: create, exec, ls, logs, rm.",
    subcommands = {MachineCommand.Create.class, MachineCommand.Exec.class, MachineCommand.Ls.class,
        MachineCommand.Logs.class, MachineCommand.Rm.class})
final class MachineCommand {

  /** Opens the runtime that holds the machines: --runtime, else the local daemon (started when none answers). */
  static Runtime open(RuntimeOptions options) throws IOException {
    if (options.runtime == null || options.runtime.equals("embedded")) {
      return LocalDaemon.open(options.store.location());
    }
    return options.open();
  }

  @Command(name = "create", description = "Start a machine from a template; prints its id once it is ready.")
  static final class Create implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "REF", description = "name, name:tag or name@sha256:…") String ref;
    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Remove the machine after this long (default: never).")
    long timeout;
    @Option(names = "--env", paramLabel = "K=V", description = "An env var of the machine, on top of the template's runtime envs.")
    List<String> env = List.of();
    @Option(names = "--fallback", paramLabel = "wait|cold|fail", description = "When REF's warm pool has no ready "
        + "machine: wait for it, start one cold (default), or fail.")
    String fallback;
    @Option(names = "--publish", paramLabel = "HOSTPORT:PORT", description = "Forward the holder's loopback port "
        + "HOSTPORT to PORT in the machine's own network; repeatable.")
    List<String> publish = List.of();
    @Option(names = "--network", paramLabel = "host", description = "host: share the holder's network instead of "
        + "a network of the machine's own.")
    String network;
    @Mixin RuntimeOptions runtimeOptions;
    @Mixin ResourceOptions resourceOptions;

    @Override
    public Integer call() throws IOException {
      if (timeout < 0) {
        throw new CliException("--timeout " + timeout + ": give seconds from 0 (0: until removed)", 2);
      }
      Map<String, String> vars = new LinkedHashMap<>();
      for (String kv : env) {
        int eq = kv.indexOf('=');
        if (eq <= 0) {
          throw new CliException("--env " + kv + ": give NAME=VALUE", 2);
        }
        vars.put(kv.substring(0, eq), kv.substring(eq + 1));
      }
      Fallback chosen = fallback == null ? null : Fallback.parse(fallback);
      if (fallback != null && chosen == null) {
        throw new CliException("--fallback " + fallback + ": give wait, cold or fail", 2);
      }
      if (network != null && !network.equals("host")) {
        throw new CliException("--network " + network + ": give host, or leave it out for a network of the machine's own", 2);
      }
      MachineRequest request;
      try {
        request = new MachineRequest(ref, timeout, resourceOptions.given(), vars, chosen,
            publish.stream().map(Publish::parse).toList(), network != null);
      } catch (IllegalArgumentException e) {
        throw new CliException(e.getMessage(), 2);
      }
      try (Runtime rt = open(runtimeOptions)) {
        MachineInfo m = rt.machines().create(request);
        PrintWriter out = spec.commandLine().getOut();
        out.println(m.id());
        out.flush();
        return 0;
      }
    }
  }

  @Command(name = "exec", description = "Run a command in a machine; exits with the command's code.")
  static final class Exec implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "ID") String id;
    @Parameters(index = "1..*", paramLabel = "COMMAND", arity = "1..*", description = "The command (after --).")
    List<String> command;
    @Mixin RuntimeOptions runtimeOptions;

    @Override
    public Integer call() throws IOException, InterruptedException {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      try (Runtime rt = open(runtimeOptions)) {
        return rt.machines().exec(id, command, pipedStdin(), OutputLines.to(out, err));
      }
    }
  }

  /**
   * This process's standard input when it is a pipe or a file (the command reads it to its end
   * before it runs), else none: a terminal's input has no end to wait for.
   */
  static java.io.InputStream pipedStdin() {
    try {
      Path source = Files.readSymbolicLink(Path.of("/proc/self/fd/0"));
      if (source.toString().startsWith("pipe:") || Files.isRegularFile(source)) {
        return System.in;
      }
    } catch (IOException | UnsupportedOperationException e) {
      // No /proc: no input.
    }
    return null;
  }

  @Command(name = "ls", description = "List the machines: state, template, age, ready time, CPU and memory.")
  static final class Ls implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin RuntimeOptions runtimeOptions;

    @Override
    public Integer call() throws IOException {
      try (Runtime rt = open(runtimeOptions)) {
        PrintWriter out = spec.commandLine().getOut();
        String format = "%-12s  %-8s  %-24s  %6s  %8s  %7s  %8s%n";
        out.printf(format, "ID", "STATE", "TEMPLATE", "AGE", "READY IN", "CPU", "MEMORY");
        Machines machines = rt.machines();
        for (MachineInfo m : machines.list()) {
          out.printf(format, m.id(), m.state(), m.ref(), age(m.createdAt()),
              m.readyMillis() == null ? "-" : String.format("%.2fs", m.readyMillis() / 1000.0),
              m.cpuSeconds() == null ? "-" : String.format("%.2fs", m.cpuSeconds()),
              m.memoryBytes() == null ? "-" : String.format("%.1f MB", m.memoryBytes() / 1e6));
        }
        out.flush();
        return 0;
      }
    }

    private static String age(String createdAt) {
      long s = Duration.between(Instant.parse(createdAt), Instant.now()).toSeconds();
      return s < 120 ? s + "s" : s < 7200 ? s / 60 + "m" : s / 3600 + "h";
    }
  }

  @Command(name = "logs", description = "Print what the machine's start command printed; -f follows it.")
  static final class Logs implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "ID") String id;
    @Option(names = {"-f", "--follow"}, description = "Keep printing until the machine stops or Ctrl+C.") boolean follow;
    @Mixin RuntimeOptions runtimeOptions;

    @Override
    public Integer call() throws IOException, InterruptedException {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      try (Runtime rt = open(runtimeOptions)) {
        var print = OutputLines.to(out, err);
        rt.machines().logs(id, 0, follow, (n, stream, text) -> print.accept(stream, text));
        return 0;
      }
    }
  }

  @Command(name = "rm", description = "Stop a machine and delete it.")
  static final class Rm implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "ID") String id;
    @Mixin RuntimeOptions runtimeOptions;

    @Override
    public Integer call() throws IOException {
      try (Runtime rt = open(runtimeOptions)) {
        if (!rt.machines().remove(id)) {
          throw new CliException(new dev.templatestudio.bridge.machines.UnknownMachineException(id).getMessage());
        }
        spec.commandLine().getOut().println(id);
        spec.commandLine().getOut().flush();
        return 0;
      }
    }
  }
}
