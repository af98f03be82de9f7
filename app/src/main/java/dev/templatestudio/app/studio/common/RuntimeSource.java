package dev.templatestudio.app.studio.common;

import dev.templatestudio.bridge.build.Runtime;
import java.io.IOException;

/** Opens the runtime a build should run on. Called from a background thread: opening may block. */
@FunctionalInterface
public interface RuntimeSource {

  /**
   * A runtime to build on now, opened for one build: the caller closes it once the build ended.
   *
   * @throws IOException (usually a {@code RuntimeUnavailableException}) saying in one
   *                     sentence why it cannot be used
   */
  Runtime open() throws IOException;
}
