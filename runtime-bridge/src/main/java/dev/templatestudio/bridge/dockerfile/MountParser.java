package dev.templatestudio.bridge.dockerfile;

import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.Mount;
import java.util.Locale;

/**
 * Reads the value of {@code RUN --mount=…} (comma-separated {@code key=value} fields, as
 * BuildKit's CSV) into a {@link Mount}. What a mount of the model cannot hold is a warning at the
 * flag; a mount that cannot be used at all is one too, and the command runs without it. Not
 * thread-safe: belongs to one {@link ImportSession}.
 */
final class MountParser {
  private final ImportSession session;
  private final Diagnostics diagnostics;

  MountParser(ImportSession session) {
    this.session = session;
    this.diagnostics = session.diagnostics;
  }

  /** The mount of one {@code --mount} flag, or null after a diagnostic at it. */
  Mount parse(Flags.Flag flag, Instruction ins) {
    int line = ins.lineAt(flag.offset());
    int col = ins.columnAt(flag.offset());
    String value = flag.value() == null ? "" : flag.value();
    String type = "bind";
    String target = null;
    String source = null;
    Base from = null;
    String id = null;
    String sharing = null;
    Boolean rw = null;
    String env = null;
    Boolean required = null;
    String size = null;
    for (String field : value.split(",", -1)) {
      int eq = field.indexOf('=');
      String key = (eq < 0 ? field : field.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
      String v = eq < 0 ? null : unquote(field.substring(eq + 1).strip());
      switch (key) {
        case "type" -> type = v == null ? "" : v;
        case "target", "dst", "destination" -> target = v;
        case "source", "src" -> source = v;
        case "from" -> from = v == null ? null : session.source(v);
        case "id" -> id = v;
        case "sharing" -> sharing = v;
        case "env" -> env = v;
        case "size" -> size = v;
        case "rw", "readwrite" -> rw = isTrue(v) ? Boolean.TRUE : null;
        case "ro", "readonly" -> rw = isTrue(v) ? null : Boolean.TRUE;
        case "required" -> required = isTrue(v) ? Boolean.TRUE : null;
        case "" -> { }
        default -> diagnostics.warning(line, col, "the mount option " + Diagnostics.cut(key)
            + " is left out: a template's mount has the default owner and mode");
      }
    }
    if (type.equals("ssh")) {
      diagnostics.warning(line, col, "RUN --mount=type=ssh is left out: a template build has no"
          + " SSH agent; give a token as a secret mount and clone over HTTPS");
      return null;
    }
    if (!Mount.TYPES.contains(type)) {
      diagnostics.error(line, col, "mount type " + Diagnostics.cut(type)
          + " is not one of cache, bind, secret, tmpfs");
      return null;
    }
    String workdir = session.workdir();
    if (target != null && !target.startsWith("/") && !target.startsWith("$") && workdir != null) {
      // Docker takes a relative target from the WORKDIR, as it does COPY's destination.
      target = (workdir.endsWith("/") ? workdir : workdir + "/") + target;
    }
    if (!type.equals("secret")) {
      env = null;
      required = null;
    }
    return new Mount(type, target, source, from, id, sharing, rw, env, required, size);
  }

  private static boolean isTrue(String v) {
    return v == null || v.equalsIgnoreCase("true");
  }

  private static String unquote(String v) {
    return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
  }
}
