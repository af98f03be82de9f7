package dev.templatestudio.bridge.docker;

import java.io.IOException;

/** The Docker Engine answered a request with an error status; the message is the engine's own. */
final class DockerException extends IOException {
  private static final long serialVersionUID = 1L;
  private final int status;

  DockerException(int status, String message) {
    super(message);
    this.status = status;
  }

  int status() {
    return status;
  }
}
