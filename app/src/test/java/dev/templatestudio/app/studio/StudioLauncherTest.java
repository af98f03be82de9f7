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
