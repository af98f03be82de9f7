package dev.templatestudio.app.studio.machines;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** How the panels write a machine's figures, as {@code machine ls} does. Stateless. */
final class MachineText {
  private MachineText() {}

  /** "12s", "4m 03s", "2h 10m"; "-" when the time cannot be read. */
  static String age(String createdAt, long nowMillis) {
    try {
      long s = Math.max(0, Duration.between(Instant.parse(createdAt), Instant.ofEpochMilli(nowMillis)).getSeconds());
      if (s < 60) {
        return s + "s";
      }
      if (s < 3600) {
        return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
      }
      return String.format(Locale.ROOT, "%dh %02dm", s / 3600, s / 60 % 60);
    } catch (DateTimeParseException | NullPointerException e) {
      return "-";
    }
  }

  static String readyIn(Long millis) {
    return millis == null ? "-" : String.format(Locale.ROOT, "%.2fs", millis / 1000.0);
  }

  static String cpu(Double seconds) {
    return seconds == null ? "-" : String.format(Locale.ROOT, "%.2fs", seconds);
  }

  static String memory(Long bytes) {
    if (bytes == null) {
      return "-";
    }
    return bytes < 1_000_000 ? String.format(Locale.ROOT, "%.0f KB", bytes / 1e3)
        : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }

  /** A canonical ref made short for a cell: {@code name@sha256:3f2a9c1d07b4…}; the whole ref goes in its tooltip. */
  static String shortRef(String ref) {
    if (ref == null) {
      return "";
    }
    int at = ref.indexOf("@sha256:");
    return at < 0 || ref.length() <= at + 20 ? ref : ref.substring(0, at + 20) + "\u2026";
  }
}
