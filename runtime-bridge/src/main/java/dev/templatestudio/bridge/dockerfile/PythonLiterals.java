package dev.templatestudio.bridge.dockerfile;

import java.util.List;
import java.util.Map;

/** Python 3 literals of Java values: strings, lists of strings, dicts of strings. Pure. */
final class PythonLiterals {
  private PythonLiterals() {}

  /** A double-quoted Python string literal equal to {@code s}. */
  static String string(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          boolean pair = Character.isHighSurrogate(c) && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1));
          if (pair) {
            out.append(c).append(s.charAt(++i));
          } else if (Character.isISOControl(c) || Character.isSurrogate(c)
              || c == '\u2028' || c == '\u2029' || c == '\uFEFF') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  static String list(List<String> values) {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < values.size(); i++) {
      out.append(i == 0 ? "" : ", ").append(string(values.get(i)));
    }
    return out.append(']').toString();
  }

  static String dict(Map<String, String> values) {
    StringBuilder out = new StringBuilder("{");
    boolean first = true;
    for (Map.Entry<String, String> e : values.entrySet()) {
      out.append(first ? "" : ", ").append(string(e.getKey())).append(": ")
          .append(string(e.getValue() == null ? "" : e.getValue()));
      first = false;
    }
    return out.append('}').toString();
  }
}
