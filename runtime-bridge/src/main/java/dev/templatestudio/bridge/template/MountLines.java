package dev.templatestudio.bridge.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A run step's mounts as lines of text in the words of a Dockerfile's {@code RUN --mount=}
 * ({@code type=cache,target=/root/.cache,id=go}), one mount a line, for a person to edit: the
 * same fields in the same order as the rendered Dockerfile, defaults left out. Thread-safe.
 */
public final class MountLines {
  /** More lines than a person types are not read. */
  static final int MAX_LINES = 64;

  private MountLines() {}

  /**
   * The mounts of {@code text}, or why it does not read as mounts.
   *
   * @param mounts  the mounts, when {@code problem} is null
   * @param problem one sentence naming the line and the field, or null
   */
  public record Parsed(List<Mount> mounts, String problem) {}

  /** One line per mount. */
  public static String format(List<Mount> mounts) {
    StringBuilder out = new StringBuilder();
    for (Mount m : mounts) {
      if (m == null) {
        continue;
      }
      if (out.length() > 0) {
        out.append('\n');
      }
      out.append("type=").append(m.type());
      field(out, "target", m.target());
      field(out, "source", m.source());
      field(out, "from", m.from() == null ? null : m.from().reference());
      field(out, "id", m.id());
      field(out, "sharing", m.sharing());
      if (Boolean.TRUE.equals(m.rw())) {
        out.append(",rw");
      }
      field(out, "env", m.env());
      if (Boolean.TRUE.equals(m.required())) {
        out.append(",required");
      }
      field(out, "size", m.size());
    }
    return out.toString();
  }

  /**
   * Reads {@code text}, one mount a line (blank lines skipped). A {@code from} that names one of
   * {@code stages} is that stage, else an image; a line without {@code type} is a bind mount,
   * as in Docker.
   */
  public static Parsed parse(String text, Set<String> stages) {
    List<Mount> mounts = new ArrayList<>();
    List<String> lines = text.lines().toList();
    for (int n = 0; n < lines.size() && n < MAX_LINES; n++) {
      String line = lines.get(n).strip();
      if (line.startsWith("--mount=")) {
        line = line.substring("--mount=".length());
      }
      if (line.isEmpty()) {
        continue;
      }
      String[] f = new String[10];
      String problem = fields(line, stages, f);
      if (problem != null) {
        return new Parsed(List.of(), "Mount line " + (n + 1) + ": " + problem);
      }
      String type = f[0] == null ? "bind" : f[0];
      Base from = f[3] == null ? null : stages.contains(f[3]) ? Base.stage(f[3]) : Base.image(f[3]);
      mounts.add(new Mount(type, f[1], f[2], from, f[4], f[5], f[6] == null ? null : Boolean.TRUE, f[7],
          f[8] == null ? null : Boolean.TRUE, f[9]));
    }
    return new Parsed(List.copyOf(mounts), null);
  }

  private static String fields(String line, Set<String> stages, String[] f) {
    for (String field : line.split(",", -1)) {
      int eq = field.indexOf('=');
      String key = (eq < 0 ? field : field.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
      String v = eq < 0 ? null : field.substring(eq + 1).strip();
      int slot = switch (key) {
        case "type" -> 0;
        case "target", "dst", "destination" -> 1;
        case "source", "src" -> 2;
        case "from" -> 3;
        case "id" -> 4;
        case "sharing" -> 5;
        case "rw", "readwrite" -> 6;
        case "env" -> 7;
        case "required" -> 8;
        case "size" -> 9;
        case "" -> -1;
        default -> -2;
      };
      if (slot == -2) {
        return "the field " + cut(key) + " is not one of type, target, source, from, id, sharing, rw, env,"
            + " required, size.";
      }
      if (slot == 6 || slot == 8) {
        f[slot] = v == null || v.equalsIgnoreCase("true") ? "true" : null;
      } else if (slot >= 0) {
        if (v == null || v.isEmpty()) {
          return key + " needs a value (" + key + "=…).";
        }
        f[slot] = v;
      }
    }
    if (f[0] != null && !Mount.TYPES.contains(f[0])) {
      return "type " + cut(f[0]) + " is not one of cache, bind, secret, tmpfs.";
    }
    return null;
  }

  private static void field(StringBuilder out, String key, String value) {
    if (value != null) {
      out.append(',').append(key).append('=').append(value);
    }
  }

  private static String cut(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "\u2026" : s;
  }
}
