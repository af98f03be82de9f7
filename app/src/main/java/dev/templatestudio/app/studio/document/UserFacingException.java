package dev.templatestudio.app.studio.document;

/** A failure a person caused or can fix; the message is one sentence with the place. */
public final class UserFacingException extends Exception {
  private static final long serialVersionUID = 1L;

  public UserFacingException(String message) {
    super(message);
  }
}
