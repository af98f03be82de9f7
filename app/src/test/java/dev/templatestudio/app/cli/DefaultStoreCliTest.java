package dev.templatestudio.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With neither --store nor $TEMPLATE_STUDIO_HOME, the store is ~/.local/share/template-studio
 * with ~ the $HOME of the run (CONTRACT.md §2), not Java's user.home from the password file.
 */
class DefaultStoreCliTest {
  @TempDir Path home;

  @Test
  void theDefaultStoreIsUnderHome() throws Exception {
    ProcessBuilder templates = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.templatestudio.app.Launcher", "templates")
        .redirectErrorStream(true);
    templates.environment().remove("TEMPLATE_STUDIO_HOME");
    templates.environment().put("HOME", home.toString());
    Process p = templates.start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(output).isZero();
    assertThat(home.resolve(".local/share/template-studio/templates")).isDirectory();
  }
}
