package dev.templatestudio.bridge.changes;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.templatestudio.bridge.build.RuntimeUnavailableException;
import dev.templatestudio.bridge.remote.HttpRuntime;
import org.junit.jupiter.api.Test;

/** A runtime whose layers are not on this machine says so in one sentence. */
class FileChangesElsewhereTest {

  @Test
  void aRemoteRuntimeSaysWhereFileChangesAreAvailable() throws Exception {
    try (HttpRuntime remote = new HttpRuntime("http://127.0.0.1:9", "a-token-of-enough-length-0123456789")) {
      assertThatThrownBy(remote::fileChanges).isInstanceOf(RuntimeUnavailableException.class)
          .hasMessage("File changes are available for builds on the embedded runtime, not on "
              + remote.describe() + ".");
    }
  }
}
