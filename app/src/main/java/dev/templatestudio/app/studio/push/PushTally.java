package dev.templatestudio.app.studio.push;

import dev.templatestudio.bridge.embedded.image.PushProgress;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a push has done so far, counted on the pushing thread and read on the FX thread: bytes
 * in the registry per blob, and how each finished blob got there. It also decides when the
 * view is due for a refresh, so one is queued at a time and at most once a frame.
 */
final class PushTally {
  private final Map<String, Long> bytes = new LinkedHashMap<>();
  private long total;
  private int uploaded;
  private int existed;
  private int mounted;
  private long lastShown;
  private boolean queued;

  /** The template's size from the store: the bar's 100 %. */
  synchronized void total(long size) {
    total = size;
  }

  /** Counts one report; true when the FX thread should now show the tally (none is queued, and a frame has passed or a blob finished). */
  synchronized boolean record(String blob, long done, long size, PushProgress.State state, long now, long frame) {
    bytes.put(blob, done);
    switch (state) {
      case DONE -> uploaded++;
      case EXISTS -> existed++;
      case MOUNTED -> mounted++;
      default -> { }
    }
    boolean finished = state != PushProgress.State.UPLOADING && state != PushProgress.State.RESUMED;
    if (queued || (!finished && now - lastShown < frame)) {
      return false;
    }
    queued = true;
    lastShown = now;
    return true;
  }

  /** Called on the FX thread as it shows the tally: the next report may queue another refresh. */
  synchronized void shown() {
    queued = false;
  }

  /** 0..1 of the template's bytes in the registry; -1 (indeterminate) before any is. */
  synchronized double fraction() {
    if (bytes.isEmpty()) {
      return -1;
    }
    long sum = sum();
    return total <= 0 ? 0 : Math.min(1.0, (double) sum / total);
  }

  /** E.g. {@code 1.2 of 1.9 MB · 3 blobs: 2 uploaded, 1 already there}. */
  synchronized String text() {
    if (bytes.isEmpty()) {
      return "Starting\u2026";
    }
    int blobs = uploaded + existed + mounted;
    StringBuilder t = new StringBuilder(mb(sum()));
    if (total > 0) {
      t.append(" of ").append(mb(total));
    }
    t.append(" \u00B7 ").append(blobs).append(blobs == 1 ? " blob: " : " blobs: ").append(uploaded).append(" uploaded, ")
        .append(existed).append(" already there");
    if (mounted > 0) {
      t.append(", ").append(mounted).append(" mounted");
    }
    return t.toString();
  }

  private long sum() {
    return bytes.values().stream().mapToLong(Long::longValue).sum();
  }

  private static String mb(long n) {
    return String.format(Locale.ROOT, "%.1f MB", n / 1048576.0);
  }
}
