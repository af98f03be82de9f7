package dev.templatestudio.bridge.dockerfile;

import java.util.ArrayList;
import java.util.List;

/**
 * The leading {@code --name[=value]} flags of FROM, RUN, COPY, ADD and HEALTHCHECK, as BuildKit
 * reads them: blank-separated words at the start of the arguments. Pure.
 *
 * @param flags the flags in order
 * @param rest  where the arguments after the flags start
 */
record Flags(List<Flag> flags, int rest) {

  /** One flag: {@code value} is null for a bare {@code --name}. */
  record Flag(String name, String value, int offset) {
    String asWritten() {
      return "--" + name + (value == null ? "" : "=" + value);
    }
  }

  static Flags parse(String args) {
    List<Flag> flags = new ArrayList<>();
    int i = 0;
    while (args.startsWith("--", i)) {
      int end = i;
      while (end < args.length() && !DockerfileLexer.isBlank(args.charAt(end))) {
        end++;
      }
      String word = args.substring(i + 2, end);
      if (word.isEmpty()) {
        break;
      }
      int eq = word.indexOf('=');
      flags.add(eq < 0 ? new Flag(word, null, i) : new Flag(word.substring(0, eq), word.substring(eq + 1), i));
      i = end;
      while (i < args.length() && DockerfileLexer.isBlank(args.charAt(i))) {
        i++;
      }
    }
    return new Flags(flags, i);
  }
}
