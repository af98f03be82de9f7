package dev.templatestudio.app.studio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class StudioLauncherTest {
  @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp;

  /** JavaFX would print a stack trace finding out that OpenGL is missing: software is asked for at once. */
  @Test
  void withoutOpenGlTheWindowIsDrawnInSoftwareUnlessThePersonChoseARenderer() throws Exception {
    String before = System.clearProperty("prism.order");
    try {
      dev.templatestudio.bridge.host.FakeMachine machine = new dev.templatestudio.bridge.host.FakeMachine(tmp);
      StudioLauncher.drawInSoftwareWithoutOpenGl(machine.facts());
      assertThat(System.getProperty("prism.order")).isEqualTo("sw");

      System.setProperty("prism.order", "es2");
      StudioLauncher.drawInSoftwareWithoutOpenGl(machine.facts());
      assertThat(System.getProperty("prism.order")).isEqualTo("es2");

      System.clearProperty("prism.order");
      machine.file("/usr/lib/x86_64-linux-gnu/libGL.so.1", "").file("/usr/lib/x86_64-linux-gnu/libXxf86vm.so.1", "");
      StudioLauncher.drawInSoftwareWithoutOpenGl(machine.facts());
      assertThat(System.getProperty("prism.order")).isNull();
    } finally {
      if (before == null) {
        System.clearProperty("prism.order");
      } else {
        System.setProperty("prism.order", before);
      }
    }
  }

  /** JavaFX itself says only "Unable to load glass GTK library"; the studio names the packages first. */
  @Test
  void withoutGtkTheStudioSaysWhichPackagesToInstallNotAnInternalError() throws Exception {
    String platform = System.clearProperty("glass.platform");
    try {
      dev.templatestudio.bridge.host.FakeMachine machine = new dev.templatestudio.bridge.host.FakeMachine(tmp)
          .env("DISPLAY", ":0");
      java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
      int exit = StudioLauncher.launch(null, machine.facts(), new java.io.PrintStream(err, true, "UTF-8"));
      assertThat(exit).isEqualTo(1);
      assertThat(err.toString("UTF-8")).isEqualTo("template-studio: the studio window needs GTK 3, and libgtk-3.so.0, "
          + "libXtst.so.6 are not installed; fix: apt-get install libgtk-3-0 libxtst6\n");

      machine.file("/usr/lib/x86_64-linux-gnu/libgtk-3.so.0", "").file("/usr/lib/x86_64-linux-gnu/libXtst.so.6", "")
          .env("DISPLAY", "");
      err.reset();
      assertThat(StudioLauncher.launch(null, machine.facts(), new java.io.PrintStream(err, true, "UTF-8"))).isEqualTo(1);
      assertThat(err.toString("UTF-8")).startsWith("template-studio: no display to open the studio window on");
    } finally {
      if (platform != null) {
        System.setProperty("glass.platform", platform);
      }
    }
  }

  @Test
  void javasUserHomeFollowsTheHomeVariable() {
    String before = System.getProperty("user.home");
    try {
      StudioLauncher.followHomeVariable(Map.of("HOME", "/tmp/elsewhere"));
      assertThat(System.getProperty("user.home")).isEqualTo("/tmp/elsewhere");
    } finally {
      System.setProperty("user.home", before);
    }
  }

  @Test
  void theClassPathWarningAndThePreferencesNoteAreDroppedOtherWarningsKept() {
    List<String> logged = new ArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord r) {
        logged.add(r.getLoggerName() + ": " + r.getMessage());
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger javafx = Logger.getLogger("javafx");
    Logger prefs = Logger.getLogger("java.util.prefs");
    javafx.addHandler(capture);
    prefs.addHandler(capture);
    try {
      StudioLauncher.quietStartupLogs();
      System.getLogger("javafx").log(System.Logger.Level.WARNING,
          "Unsupported JavaFX configuration: classes were loaded from 'unnamed module @1'");
      System.getLogger("javafx").log(System.Logger.Level.WARNING, "a CSS rule is broken");
      System.getLogger("java.util.prefs").log(System.Logger.Level.INFO, "Created user preferences directory.");
      System.getLogger("java.util.prefs").log(System.Logger.Level.WARNING, "Could not lock User prefs.");
      assertThat(logged).containsExactly("javafx: a CSS rule is broken", "java.util.prefs: Could not lock User prefs.");
    } finally {
      javafx.removeHandler(capture);
      prefs.removeHandler(capture);
    }
  }
}
