package dev.templatestudio.app.studio.build;

import dev.templatestudio.bridge.build.BuildHandle;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.build.Runtime;
import java.io.IOException;

/** How the studio starts a build on a runtime of its own. Thread-safe. */
final class RuntimeBuilds {
  private RuntimeBuilds() {}

  /**
   * Starts the build on a runtime opened for it alone, and closes that runtime once the build
   * has ended (a remote one holds connections, the docker one threads). Closing is left to
   * another thread: a runtime may complete its result on the thread its close waits for.
   */
  static BuildHandle startOn(Runtime runtime, BuildRequest request) throws IOException {
    try {
      BuildHandle h = runtime.build(request);
      h.result().whenCompleteAsync((end, failure) -> runtime.close());
      return h;
    } catch (IOException | RuntimeException e) {
      runtime.close();
      throw e;
    }
  }

}
