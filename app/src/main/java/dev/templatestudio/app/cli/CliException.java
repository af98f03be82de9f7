package dev.templatestudio.app.cli;

/** A user error a subcommand reports as one sentence, with the exit code to end on. */
public final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;

  public CliException(String sentence) {
    this(sentence, 1);
  }

  public CliException(String sentence, int exitCode) {
    super(sentence);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
