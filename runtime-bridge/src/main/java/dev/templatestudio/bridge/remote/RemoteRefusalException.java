package dev.templatestudio.bridge.remote;

import java.io.IOException;

/** The remote server understood a request and refused it; the message is the server's sentence. */
public final class RemoteRefusalException extends IOException {
  private static final long serialVersionUID = 1L;
  private final int status;

  public RemoteRefusalException(int status, String message) {
    super(message);
    this.status = status;
  }

  /** The HTTP status of the refusal, such as 400 or 413. */
  public int status() {
    return status;
  }
}
