package dev.templatestudio.bridge.embedded;

import dev.templatestudio.bridge.embedded.step.StepFailure;
import dev.templatestudio.bridge.embedded.store.Store;
import java.io.IOException;
import java.util.function.Consumer;

/** Resolves image references through the image sources. */
final class ImageSourcesBridge {
  private ImageSourcesBridge() {}

  static BaseImages.Resolved resolve(String imageRef, Store store, Consumer<String> warnings) throws StepFailure, IOException {
    throw new StepFailure("base image " + imageRef + " cannot be resolved yet");
  }
}
