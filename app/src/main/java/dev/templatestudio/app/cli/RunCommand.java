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
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code run REF -- COMMAND...}: starts a machine from a template, waits until it is ready,
 * runs the command in it with the runtime envs and this process's stdin (embedded runtime only),
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
      Thread closeOnCtrlC = new Thread(rt::close, "close-runtime");
      java.lang.Runtime.getRuntime().addShutdownHook(closeOnCtrlC);
      try {
        return rt.run(ref, command, System.in, given, OutputLines.to(out, err));
      } finally {
        try {
          java.lang.Runtime.getRuntime().removeShutdownHook(closeOnCtrlC);
        } catch (IllegalStateException shuttingDown) {
          // Ctrl+C came as the run ended; the hook closes the runtime.
        }
      }
    }
  }
}
