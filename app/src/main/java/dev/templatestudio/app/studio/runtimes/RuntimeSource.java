package dev.templatestudio.app.studio.runtimes;

import dev.templatestudio.bridge.build.Runtime;
import java.io.IOException;

/** Opens the runtime a build should run on. Called from a background thread: opening may block. */
@FunctionalInterface
public interface RuntimeSource {

  /**
   * The runtime to build on now.
   *
   * @throws IOException (usually a {@code RuntimeUnavailableException}) saying in one
   *                     sentence why it cannot be used
   */
  Runtime open() throws IOException;
}
