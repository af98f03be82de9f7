package dev.templatestudio.bridge.embedded.export;

import java.io.IOException;

/** An export the user asked for that cannot be done (bad target, missing tool): one sentence. */
public class ExportException extends IOException {
  private static final long serialVersionUID = 1L;

  public ExportException(String message) {
    super(message);
  }
}
