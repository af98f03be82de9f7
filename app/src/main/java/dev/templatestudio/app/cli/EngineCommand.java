package dev.templatestudio.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Which client commands the local engine runs, and running them: {@code build} and {@code run}
 * on the embedded runtime over the engine's own store, and {@code build} on a remote runtime
 * ({@code http(s)://}, a {@code serve}: the warm engine is then its client, its token and hash
 * memo folder from the client's environment), from a client of the same program and the same
 * file-name charset, whose environment gives the engine's deeper reads the same values (the
 * registry logins: {@code HOME}, {@code DOCKER_CONFIG}; for a remote build the JVM's options).
 * Anything else is declined and the client runs it in its own process, so what a command does
 * never depends on the engine.
 */
final class EngineCommand {
  /** Read by the engine's runtime from its own environment, not the client's: must agree. */
  private static final List<String> SHARED_ENV = List.of("HOME", "DOCKER_CONFIG");
  /** Options every JVM started in that environment reads: the engine's and a client's own must agree. */
  private static final List<String> JVM_OPTIONS = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");
  /** The launcher's options for the JVM of a command run on its own, which the engine never had. */
  private static final String LAUNCHER_JVM_OPTIONS = "TEMPLATE_STUDIO_JAVA_OPTS";
  private static final String IDENTITY = EngineFrames.identity();

  private EngineCommand() {}

  /** Whether the engine is another build of the program than the client's. */
  static boolean stale(EngineFrames.Request request) {
    return !IDENTITY.equals(request.identity());
  }

  /**
   * Whether the engine runs a request: null refusal when it does; {@code readsStdin} for run; the
   * command line as parsed, which runs as it is (building another costs milliseconds of picocli).
   */
  record Decision(String refusal, boolean readsStdin, CommandLine cli, ParseResult parsed) {
    static Decision no(String why) {
      return new Decision(why, false, null, null);
    }
  }

  /** Parses the request's command line, printing to {@code out} and {@code err} when it runs, and decides. */
  static Decision decide(EngineFrames.Request request, Invocation invocation, Path storeRoot, PrintWriter out,
      PrintWriter err) throws Exception {
    if (stale(request)) {
      return Decision.no("another build of template-studio");
    }
    if (!request.charset().equals(System.getProperty("sun.jnu.encoding"))) {
      return Decision.no("file names in " + request.charset() + ", not " + System.getProperty("sun.jnu.encoding"));
    }
    for (String var : SHARED_ENV) {
      if (!Objects.equals(invocation.env().get(var), System.getenv(var))) {
        return Decision.no("another " + var);
      }
    }
    CommandLine cli = TemplateStudioCommand.commandLine(out, err);
    cli.registerConverter(Path.class, invocation::argument);
    ParseResult parsed;
    try {
      parsed = cli.parseArgs(request.args().toArray(String[]::new));
    } catch (ParameterException e) {
      return Decision.no("bad usage, said by the client");
    }
    Object command = parsed.subcommand() == null ? null : parsed.subcommand().commandSpec().userObject();
    RuntimeOptions runtime;
    if (command instanceof BuildCommand b && !b.noDaemon && !b.cache.given()) {
      runtime = b.runtimeOptions;
    } else if (command instanceof RunCommand r && !r.noDaemon) {
      runtime = r.runtimeOptions;
    } else {
      return Decision.no("not a build or run the engine takes");
    }
    String spec = runtime.runtime == null || runtime.runtime.isBlank() ? "embedded" : runtime.runtime.strip();
    if (isRemote(spec) && command instanceof BuildCommand) {
      String differs = jvmOptionsDiffer(invocation);
      if (differs != null) {
        return Decision.no("another " + differs + " for a remote build");
      }
    } else if (!spec.equals("embedded")) {
      return Decision.no("runtime " + runtime.runtime);
    }
    Path location;
    try {
      location = invocation.runAs(runtime.store::location);
    } catch (CliException e) {
      return Decision.no("the store: " + e.getMessage());
    }
    return location.normalize().equals(storeRoot.toAbsolutePath().normalize())
        ? new Decision(null, command instanceof RunCommand, cli, parsed) : Decision.no("another store");
  }

  /** A {@code serve} reached over HTTP(S): the engine is then only that server's client. */
  private static boolean isRemote(String spec) {
    return spec.startsWith("http://") || spec.startsWith("https://");
  }

  /**
   * The first variable that gives the client's JVM other options than the engine's, or null. A
   * remote build's HTTP client reads the JVM's system properties (proxies, trust store), which
   * such options set in a client running on its own; the engine was started without
   * {@code TEMPLATE_STUDIO_JAVA_OPTS} (the launcher gives those to its own JVM only).
   */
  private static String jvmOptionsDiffer(Invocation invocation) {
    for (String var : JVM_OPTIONS) {
      if (!Objects.equals(blankAsNull(invocation.env().get(var)), blankAsNull(System.getenv(var)))) {
        return var;
      }
    }
    String launcher = blankAsNull(invocation.env().get(LAUNCHER_JVM_OPTIONS));
    return launcher == null ? null : LAUNCHER_JVM_OPTIONS;
  }

  private static String blankAsNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  /**
   * Runs the command the engine took, with the client's folder, environment and stdin, as
   * {@code CommandLine.execute} would after its parse; its exit code.
   */
  static int execute(Decision taken, Invocation invocation) throws Exception {
    return invocation.runAs(() -> {
      try {
        return new CommandLine.RunLast().execute(taken.parsed());
      } catch (CommandLine.ExecutionException e) {
        Exception cause = e.getCause() instanceof Exception c ? c : e;
        return taken.cli().getExecutionExceptionHandler().handleExecutionException(cause, e.getCommandLine(), taken.parsed());
      }
    });
  }
}
