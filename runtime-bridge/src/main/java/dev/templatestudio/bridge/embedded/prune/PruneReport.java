package dev.templatestudio.bridge.embedded.prune;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a prune removed (or, in a dry run, would remove). Immutable.
 *
 * @param beforeBytes the store's size before
 * @param freedBytes  what was (or would be) freed
 * @param lines       one line per kind of thing removed, in the order they go
 * @param templates   the names of the templates removed (only with --all)
 */
public record PruneReport(boolean dryRun, long beforeBytes, long freedBytes, List<Line> lines,
    List<String> templates) {

  /** How many things of one kind ({@code what}, in the plural), and their bytes. */
  public record Line(String what, int count, long bytes) {
    private static final Map<String, String> ONE = Map.of(
        "build cache entries", "build cache entry", "uploaded contexts", "uploaded context",
        "templates", "template", "unpacked layers", "unpacked layer", "blobs", "blob",
        "scratch dirs of builds that died", "scratch dir of a build that died", "temp files", "temp file",
        "cached context files", "cached context file");

    /** {@code 1 blob}, {@code 3 blobs}. */
    public String counted() {
      return count + " " + (count == 1 ? ONE.getOrDefault(what, what) : what);
    }
  }

  public PruneReport {
    lines = List.copyOf(lines);
    templates = List.copyOf(templates);
  }

  public long afterBytes() {
    return beforeBytes - freedBytes;
  }

  public boolean isEmpty() {
    return lines.isEmpty();
  }

  /** Bytes for people: {@code 0 B}, {@code 12.3 KB}, {@code 1.5 GB} (powers of 1024). */
  public static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KB", "MB", "GB", "TB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
