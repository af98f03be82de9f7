package dev.templatestudio.bridge.template;

/**
 * A template document that cannot be read: not JSON, an unknown field, a missing required field
 * or a value of the wrong kind. A user error, with its place: line, column and JSON path.
 */
public final class TemplateFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final int line;
  private final int column;
  private final String path;
  private final String reason;

  public TemplateFormatException(String source, int line, int column, String path, String reason) {
    super(source + ":" + line + ":" + column + ": error: "
        + (path == null || path.isEmpty() || path.equals("$") ? "" : path + ": ") + reason);
    this.source = source;
    this.line = line;
    this.column = column;
    this.path = path;
    this.reason = reason;
  }

  public String source() {
    return source;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }

  /** The JSON path of the offending value, such as {@code $.steps[2].packages}. */
  public String path() {
    return path;
  }

  /** The sentence without its place. */
  public String reason() {
    return reason;
  }
}
