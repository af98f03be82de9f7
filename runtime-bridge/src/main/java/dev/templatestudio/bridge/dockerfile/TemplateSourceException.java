package dev.templatestudio.bridge.dockerfile;

/**
 * A template source that cannot be loaded at all: no such file, a folder without a template in
 * it, a file that cannot be read, or a template document that is not valid JSON of a template.
 * A user error: its message is one sentence naming the file (and for a document, the line and
 * column), lower-case, as the command line prints it after its own name.
 */
public final class TemplateSourceException extends Exception {
  private static final long serialVersionUID = 1L;

  public TemplateSourceException(String sentence) {
    super(sentence);
  }

  public TemplateSourceException(String sentence, Throwable cause) {
    super(sentence, cause);
  }
}
