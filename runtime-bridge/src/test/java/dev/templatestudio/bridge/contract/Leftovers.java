package dev.templatestudio.bridge.contract;

import dev.templatestudio.bridge.embedded.EngineFixture;
import java.nio.file.Path;

/** Waiting, a bounded while, for what a build or machine of the embedded runtime leaves to go away. */
final class Leftovers {
  /** How long a process or mount that is being ended may take to go. */
  static final long GRACE_MILLIS = 5_000;

  private Leftovers() {}

  /** {@link EngineFixture#assertNothingLeft}, passing once it holds, failing with its words after the grace. */
  static void assertNoneInStore(Path storeRoot, String marker) throws Exception {
    long deadline = System.currentTimeMillis() + GRACE_MILLIS;
    while (true) {
      try {
        EngineFixture.assertNothingLeft(storeRoot, marker);
        return;
      } catch (AssertionError e) {
        if (System.currentTimeMillis() > deadline) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }
}
