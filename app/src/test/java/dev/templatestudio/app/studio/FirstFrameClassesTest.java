package dev.templatestudio.app.studio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing heavy is made before the studio's window has painted its first frame: not the
 * editor's panels (RichTextFX areas, log view, preview, inspector, history), not a JSON mapper
 * (Jackson's took a tenth of a second and more of the FX thread), not the recovery of autosaved
 * work. Checked in a fresh JVM ({@link FirstFrameProbe}, on headless Monocle), where no other
 * test has loaded anything yet.
 */
class FirstFrameClassesTest {
  /** Classes that must wait until after the first frame. */
  private static final List<String> LATER = List.of(
      "org.fxmisc.richtext.GenericStyledArea",
      "org.fxmisc.flowless.VirtualizedScrollPane",
      "org.controlsfx.validation.ValidationMessage",
      "dev.templatestudio.app.studio.workspace.EditorView",
      "dev.templatestudio.app.studio.logview.LogView",
      "dev.templatestudio.app.studio.preview.PreviewView",
      "dev.templatestudio.app.studio.inspector.InspectorView",
      "dev.templatestudio.app.studio.history.HistoryView",
      "dev.templatestudio.app.studio.settings.Recovery",
      "com.fasterxml.jackson.databind.ObjectMapper");
  /** Classes of the editor the warm-up makes after the first frame (all among {@link #LATER}). */
  private static final List<String> EDITOR = List.of(
      "org.fxmisc.richtext.GenericStyledArea",
      "dev.templatestudio.app.studio.workspace.EditorView",
      "dev.templatestudio.app.studio.preview.PreviewView",
      "dev.templatestudio.app.studio.inspector.InspectorView");
  /** Classes the first frame needs: shows that the probe sees what was loaded. */
  private static final List<String> NOW = List.of(
      "dev.templatestudio.app.studio.workspace.MainWindow",
      "dev.templatestudio.app.studio.palette.PaletteView");

  @TempDir
  Path home;

  @Test
  void theFirstFrameComesBeforeTheEditorsPanelsAndJsonAndTheEditorWarmsUpAfterIt() throws Exception {
    List<String> out = probe();
    assertThat(out).contains("FIRST-FRAME");
    List<String> first = out.subList(0, Math.max(0, out.indexOf("FIRST-FRAME")));
    assertThat(first).as("needed for the first frame").containsAll(NOW.stream().map(c -> "LOADED " + c).toList());
    assertThat(first).as("made before the first frame").containsAll(LATER.stream().map(c -> "NOT-LOADED " + c).toList());
    // Issue 15: the first "Start from scratch" took over 1.5 s. The editor's panels are made
    // once, off screen, after the first frame and before any click (timed in PERFORMANCE.md).
    assertThat(out).contains("WARM");
    List<String> warm = out.subList(out.indexOf("FIRST-FRAME") + 1, out.indexOf("WARM"));
    assertThat(warm).as("made by the warm-up, with no user action").containsAll(EDITOR.stream().map(c -> "LOADED " + c).toList());
  }

  private List<String> probe() throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "-XX:+UseZGC",
        "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-Duser.home=" + home));
    for (String p : List.of("glass.platform", "monocle.platform", "headless.geometry", "prism.order", "prism.text",
        "java.awt.headless")) {
      if (System.getProperty(p) != null) {
        command.add("-D" + p + "=" + System.getProperty(p));
      }
    }
    command.add(FirstFrameProbe.class.getName());
    command.add(home.toString());
    command.addAll(LATER);
    command.addAll(NOW);
    Path log = home.resolve("probe.out");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("the probe painted its first frame in time").isTrue();
      return Files.readAllLines(log, StandardCharsets.UTF_8);
    } finally {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
