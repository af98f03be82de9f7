package dev.templatestudio.app.cli;

import dev.templatestudio.bridge.build.Runtime;
import dev.templatestudio.bridge.template.Resources;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code run REF -- COMMAND...}: starts a machine from a template, waits until it is ready,
 * runs the command in it with the runtime envs and this process's (or the engine's client's) stdin (embedded runtime only),
 * prints its output and exits with its code. {@code --cpus} and {@code --memory-mb} size the
 * machine instead of the template's resources.
 */
@Command(name = "run", description = "Run a command in a machine started from a template; exits with the command's code.")
final class RunCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "REF", description = "name, name:tag or name@sha256:…")
  String ref;

  @Parameters(index = "1..*", paramLabel = "COMMAND", arity = "1..*", description = "The command (after --).")
  List<String> command;

  @Mixin
  RuntimeOptions runtimeOptions;

  @Option(names = "--no-daemon", description = "Run in this process, not in the local engine (as TEMPLATE_STUDIO_NO_DAEMON=1 does).")
  boolean noDaemon;

  @Mixin
  ResourceOptions resourceOptions;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Resources given = resourceOptions.given();
    try (Runtime rt = runtimeOptions.open()) {
      // Ctrl+C exits the JVM without unwinding this thread, so the machine would outlive it
      // (a Docker container for good): the hook closes the runtime, which stops the machine.
      Invocation invocation = Invocation.current();
      // In the engine the thread lives on, so it is interrupted too: a machine that started
      // just after the close is stopped at its next wait.
      Thread caller = Thread.currentThread();
      Runnable stop = invocation.inEngine() ? () -> {
        rt.close();
        caller.interrupt();
      } : rt::close;
      try (AutoCloseable closeOnCtrlC = invocation.onCtrlC(stop, "close-runtime")) {
        return rt.run(ref, command, invocation.stdin(), given, OutputLines.to(out, err));
      } catch (IOException | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
