package dev.templatestudio.bridge.build;

import java.io.IOException;

/** The runtime cannot work on this machine or cannot be reached; the message says why in one sentence. */
public class RuntimeUnavailableException extends IOException {
  private static final long serialVersionUID = 1L;

  public RuntimeUnavailableException(String message) {
    super(message);
  }

  public RuntimeUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
