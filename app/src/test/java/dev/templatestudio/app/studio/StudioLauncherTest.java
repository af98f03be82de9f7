package dev.templatestudio.app.studio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StudioLauncherTest {
  @Test
  void javasUserHomeFollowsTheHomeVariable() {
    String before = System.getProperty("user.home");
    try {
      StudioLauncher.followHomeVariable(Map.of("HOME", "/tmp/elsewhere"));
      assertThat(System.getProperty("user.home")).isEqualTo("/tmp/elsewhere");
      StudioLauncher.followHomeVariable(Map.of());
      assertThat(System.getProperty("user.home")).isEqualTo("/tmp/elsewhere");
    } finally {
      System.setProperty("user.home", before);
    }
  }
}
