package dev.templatestudio.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher gives every command a UTF-8 locale when the shell has none (no LANG, as on a
 * fresh server): Java fixes the charset of file names at start, and without it a name such as
 * café could not even be named ("Malformed input or input contains unmappable characters").
 */
class LauncherLocaleIT {
  private static final Path LAUNCHER = Path.of("..", "template-studio").toAbsolutePath().normalize();

  @TempDir Path tmp;

  @Test
  void aFileNamedInNonAsciiLettersWorksWithoutAnyLocale() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("caf\u00e9 \u65e5\u672c"));
    Files.copy(Path.of("..", "examples", "fastapi-agent.template.json"), dir.resolve("\u00fcber.template.json"));
    for (String locale : new String[] {null, "C", "POSIX"}) {
      ProcessBuilder b = new ProcessBuilder(LAUNCHER.toString(), "validate", "\u00fcber.template.json")
          .directory(dir.toFile()).redirectErrorStream(true);
      b.environment().clear();
      b.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
      b.environment().put("HOME", tmp.toString());
      if (locale != null) {
        b.environment().put("LC_ALL", locale);
      }
      Process p = b.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
      assertThat(p.exitValue()).as("LC_ALL=" + locale + ": " + out).isZero();
      assertThat(out).as("LC_ALL=" + locale).startsWith("\u00fcber.template.json: ok (");
    }
  }
}
