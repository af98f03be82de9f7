package dev.templatestudio.bridge.server;

/**
 * A request the API refuses: the HTTP status and one sentence for the caller, sent as
 * {@code {"error": MESSAGE}}. Thrown by handlers, answered by {@link ApiServer}.
 */
final class ApiError extends Exception {
  private static final long serialVersionUID = 1L;
  private final int status;

  ApiError(int status, String message) {
    super(message);
    this.status = status;
  }

  int status() {
    return status;
  }
}
