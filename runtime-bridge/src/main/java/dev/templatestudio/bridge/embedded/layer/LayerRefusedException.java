package dev.templatestudio.bridge.embedded.layer;

import java.io.IOException;

/**
 * A layer that this host cannot or will not unpack, for a reason in the image or the host
 * rather than a bug (a zstd layer, whiteouts without root). The message is one sentence.
 */
public class LayerRefusedException extends IOException {
  private static final long serialVersionUID = 1L;

  public LayerRefusedException(String message) {
    super(message);
  }
}
