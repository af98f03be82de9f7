package dev.templatestudio.bridge.embedded.image;

import java.io.IOException;

/**
 * A base image that cannot be resolved for a reason the user can act on (missing file, unknown
 * tag, registry refusal). The message is one sentence that names the image.
 */
public class ImageSourceException extends IOException {
  private static final long serialVersionUID = 1L;

  public ImageSourceException(String message) {
    super(message);
  }

  public ImageSourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
