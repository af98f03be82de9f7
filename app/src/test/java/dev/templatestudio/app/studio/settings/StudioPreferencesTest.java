package dev.templatestudio.app.studio.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.app.studio.runtimes.RuntimeChoice;
import java.nio.file.Path;
import java.util.UUID;
import java.util.prefs.Preferences;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StudioPreferencesTest {
  private final Preferences node = Preferences.userRoot().node("dev/templatestudio/test/" + UUID.randomUUID());
  private final StudioPreferences prefs = new StudioPreferences(node);

  @AfterEach
  void remove() throws Exception {
    node.removeNode();
  }

  @Test
  void windowLayoutThemeAndRuntimeAreRemembered() {
    assertThat(prefs.windowBounds()).isNull();
    prefs.setWindowBounds(10, 20, 1200, 800);
    prefs.setDividers("editor0", new double[] {0.4});
    prefs.setDarkTheme(true);
    prefs.setRuntime(RuntimeChoice.remote("http://build:7433", "secret"));
    StudioPreferences again = new StudioPreferences(node);
    assertThat(again.windowBounds()).containsExactly(10, 20, 1200, 800);
    assertThat(again.dividers("editor0", new double[] {0.5})).containsExactly(0.4);
    assertThat(again.darkTheme()).isTrue();
    assertThat(again.runtime().spec()).isEqualTo("http://build:7433");
    assertThat(node.get("runtime.token", null)).isNull();
  }

  @Test
  void theDockerEngineIsRememberedApartFromTheRemoteUrl() {
    prefs.setRuntime(RuntimeChoice.remote("http://build:7433", null));
    prefs.setRuntime(RuntimeChoice.docker("tcp://10.0.0.5:2375"));
    assertThat(new StudioPreferences(node).runtime().spec()).isEqualTo("docker:tcp://10.0.0.5:2375");
    prefs.setRuntime(RuntimeChoice.DOCKER);
    assertThat(new StudioPreferences(node).runtime()).isEqualTo(RuntimeChoice.DOCKER);
    prefs.setRuntime(RuntimeChoice.remote("http://build:7433", null));
    assertThat(new StudioPreferences(node).runtime().spec()).isEqualTo("http://build:7433");
  }

  @Test
  void recentFilesAreNewestFirstWithoutRepeats() {
    prefs.addRecentFile(Path.of("/a"));
    prefs.addRecentFile(Path.of("/b"));
    prefs.addRecentFile(Path.of("/a"));
    assertThat(prefs.recentFiles()).containsExactly(Path.of("/a"), Path.of("/b"));
    for (int i = 0; i < 20; i++) {
      prefs.addRecentFile(Path.of("/f" + i));
    }
    assertThat(prefs.recentFiles()).hasSize(StudioPreferences.MAX_RECENT);
  }

  @Test
  void aGarbledValueFallsBack() {
    node.put("window", "x,y");
    assertThat(prefs.windowBounds()).isNull();
  }

  @Test
  void eachStoreFolderHasItsOwnKey() {
    assertThat(StudioPreferences.homeKey(Path.of("/tmp/a"))).isEqualTo(StudioPreferences.homeKey(Path.of("/tmp/b/../a")))
        .isNotEqualTo(StudioPreferences.homeKey(Path.of("/tmp/b"))).hasSize(16);
  }
}
