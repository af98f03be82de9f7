package dev.templatestudio.app.cli;

import dev.templatestudio.app.version.Version;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code template-studio}: with no subcommand it opens the studio (CONTRACT.md §2). */
@Command(name = "template-studio",
    mixinStandardHelpOptions = true,
    scope = CommandLine.ScopeType.INHERIT,
    versionProvider = TemplateStudioCommand.VersionProvider.class,
    description = "Compose, import, preview and build sandbox machine templates.%n"
        + "With no command, opens the studio window.",
    subcommands = {
        GuiCommand.class,
        CdsTrainingCommand.class,
        ImportCommand.class,
        RenderCommand.class,
        ValidateCommand.class,
        BuildCommand.class,
        TemplatesCommand.class,
        RunCommand.class,
        MachineCommand.class,
        PoolCommand.class,
        ExportCommand.class,
        ServeCommand.class,
        PruneCommand.class,
        DoctorCommand.class,
        LintCommand.class,
        LoginCommand.class,
        LogoutCommand.class,
        PushCommand.class,
    })
public final class TemplateStudioCommand implements java.util.concurrent.Callable<Integer> {

  @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
      description = "Print stack traces of errors.")
  boolean debug;

  @Override
  public Integer call() {
    return GuiCommand.open(null);
  }

  /** Runs the command line and returns the exit code. */
  public static int run(String[] args) {
    if (args.length == 0) {
      // The window without picocli: building its model of every subcommand (their options'
      // types load Jackson and the template model) cost the main thread about 0.3 s of CPU
      // before the studio even started. Nothing else can be asked for without arguments.
      try {
        return GuiCommand.open(null);
      } catch (RuntimeException e) {
        System.err.println("template-studio: " + ErrorHandler.line(e));
        return 1;
      }
    }
    return run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
  }

  /** Runs the command line with the given outputs (tests pass their own). */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    return commandLine(out, err).execute(args);
  }

  /** The command line with its outputs and handlers, as every run has it. */
  static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new TemplateStudioCommand());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(new ErrorHandler());
    cli.setParameterExceptionHandler(new UsageErrorHandler());
    return cli;
  }

  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"template-studio " + Version.get()};
    }
  }
}
