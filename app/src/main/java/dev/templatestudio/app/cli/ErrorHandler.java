package dev.templatestudio.app.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception that escaped a subcommand into one sentence on stderr and exit code 1.
 * The stack trace only with {@code --debug}: a user's mistake is not a crash.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
    Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
    cli.getErr().println("template-studio: " + line(cause));
    if (debugAsked(parsed)) {
      e.printStackTrace(cli.getErr());
    }
    cli.getErr().flush();
    return cause instanceof CliException c ? c.exitCode() : 1;
  }

  /** Whether --debug was given, at the top or on the subcommand (each subcommand takes it). */
  private static boolean debugAsked(ParseResult parsed) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--debug")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The error as the one line stderr gets: a message of several lines (a machine that did not
   * get ready quotes its start command's output) is cut as a failed build's is.
   */
  static String line(Throwable e) {
    return FailureMessage.sentence(sentence(e));
  }

  static String sentence(Throwable e) {
    if (e instanceof CliException) {
      return e.getMessage();
    }
    if (e instanceof NoSuchFileException n) {
      return "no such file: " + n.getFile();
    }
    if (e instanceof AccessDeniedException a) {
      return "permission denied: " + a.getFile();
    }
    if (e instanceof IOException) {
      return e.getMessage() == null ? e.toString() : e.getMessage();
    }
    return "internal error (" + e + "); run again with --debug and report it";
  }
}
