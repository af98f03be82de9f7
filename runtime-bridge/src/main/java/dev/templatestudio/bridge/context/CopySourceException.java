package dev.templatestudio.bridge.context;

/** A copy step's sources cannot be used (outside the context, missing, all ignored): a user error. */
public class CopySourceException extends Exception {
  private static final long serialVersionUID = 1L;

  public CopySourceException(String message) {
    super(message);
  }
}
