package dev.templatestudio.bridge.embedded.layer;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;

/** Tests that need root or a Debian tool fail with a sentence saying what to do, never skip. */
public final class HostRequirements {
  private HostRequirements() {}

  public static void requireRoot(String why) {
    if (!HostTools.isRoot()) {
      fail("this test needs root (" + why + "): run the tests as root, as .ci/run does");
    }
  }

  /** Fails naming the Debian package when {@code tool} is not installed; returns its path. */
  public static String requireTool(String tool, String debianPackage) {
    try {
      return HostTools.require(tool);
    } catch (IOException e) {
      return fail("the tool '" + tool + "' is missing: apt-get install " + debianPackage
          + " (it is listed in .ci/apt-packages.txt)");
    }
  }

  /** Runs a command and fails the test with its output when it exits non-zero. */
  public static String run(String... command) {
    try {
      return HostTools.run(java.util.List.of(command));
    } catch (IOException e) {
      return fail(e.getMessage());
    }
  }
}
