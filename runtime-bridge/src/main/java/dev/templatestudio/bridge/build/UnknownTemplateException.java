package dev.templatestudio.bridge.build;

import java.io.IOException;

/**
 * A template ref that names no template the runtime holds. Its own type so that a server can
 * answer 404 in its own words instead of the runtime's, which name the store's path.
 */
public final class UnknownTemplateException extends IOException {
  private static final long serialVersionUID = 1L;

  public UnknownTemplateException(String message) {
    super(message);
  }
}
