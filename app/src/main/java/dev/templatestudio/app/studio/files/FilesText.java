package dev.templatestudio.app.studio.files;

import dev.templatestudio.bridge.changes.FileChange;
import dev.templatestudio.bridge.changes.StepChanges;
import dev.templatestudio.bridge.changes.StepComparison;
import dev.templatestudio.bridge.text.Plural;
import java.util.Locale;

/** The words and numbers of the Files tab. Pure. */
final class FilesText {
  private FilesText() {}

  /** Bytes for people: {@code 0 B}, {@code 12.3 KB} (powers of 1024). */
  static String size(long bytes) {
    if (Math.abs(bytes) < 1024) {
      return bytes + " B";
    }
    String[] units = {"KB", "MB", "GB", "TB"};
    double value = Math.abs(bytes);
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%s%.1f %s", bytes < 0 ? "-" : "", value, units[unit]);
  }

  /** A size change with its sign: {@code +3.0 KB}, {@code -8 B}, {@code 0 B}. */
  static String delta(long bytes) {
    return (bytes > 0 ? "+" : bytes < 0 ? "\u2212" : "") + size(Math.abs(bytes));
  }

  /** The header: the step, its layer and what it did. */
  static String header(StepChanges c, boolean between) {
    if (c == null) {
      return "";
    }
    String step = "Step " + c.step() + (c.message() == null ? "" : " \u00B7 " + c.message());
    if (!c.hasLayer() && c.total() == 0) {
      return step + " \u00B7 no layer: it changes the image's settings, not its files";
    }
    String layer = step + " \u00B7 layer " + size(c.layerSize()) + " \u00B7 ";
    if (c.total() == 0) {
      return layer + (between ? "the same files" : "no file changes");
    }
    return layer + c.added() + " added, " + c.changed() + " changed, " + c.removed() + " removed ("
        + delta(c.bytesAdded()) + ", " + delta(-c.bytesRemoved()) + ")";
  }

  /** What the list leaves out, in one sentence; empty when nothing. */
  static String omissions(StepChanges c) {
    if (c == null) {
      return "";
    }
    StringBuilder s = new StringBuilder();
    if (c.omitted() > 0) {
      s.append("And ").append(Plural.of(c.omitted(), "more change")).append(" (the smallest) not listed.");
    }
    if (c.unsafe() > 0) {
      s.append(s.length() == 0 ? "" : " ").append(c.unsafe() == 1
          ? "1 entry of the layer climbs out of the image (../) and was left out."
          : c.unsafe() + " entries of the layer climb out of the image (../) and were left out.");
    }
    return s.toString();
  }

  /** The word for a change, so that its colour is never the only sign. */
  static String kind(FileChange.Kind kind) {
    switch (kind) {
      case ADDED:
        return "added";
      case CHANGED:
        return "changed";
      default:
        return "removed";
    }
  }

  /** The mark before a path: + added, ~ changed, − removed. */
  static String mark(FileChange.Kind kind) {
    switch (kind) {
      case ADDED:
        return "+";
      case CHANGED:
        return "~";
      default:
        return "\u2212";
    }
  }

  /** One line of the comparison: {@code 2  RUN …  changed  +2.5 KB}. */
  static String row(StepComparison r) {
    String message = r.messageB() != null ? r.messageB() : r.messageA();
    String status;
    switch (r.status()) {
      case SAME:
        status = "same";
        break;
      case CHANGED:
        status = "changed " + delta(r.delta());
        break;
      case ONLY_IN_A:
        status = "only in the other build";
        break;
      default:
        status = "new in this build";
    }
    return r.step() + "  " + status + "  \u00B7  " + message;
  }
}
