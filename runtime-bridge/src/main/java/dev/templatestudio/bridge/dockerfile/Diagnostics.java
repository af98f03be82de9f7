package dev.templatestudio.bridge.dockerfile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects the diagnostics of one import. A file of garbage could produce one per line, so
 * after {@link #LIMIT} only a final note is kept: enough to act on, bounded in memory.
 */
final class Diagnostics {
  static final int LIMIT = 200;
  private static final int LONGEST_TOKEN = 40;

  private final String file;
  private final List<Diagnostic> list = new ArrayList<>();
  private int dropped;
  private boolean droppedError;

  Diagnostics(String file) {
    this.file = file;
  }

  void error(int line, int column, String message) {
    add(Diagnostic.error(file, line, column, message));
  }

  void warning(int line, int column, String message) {
    add(Diagnostic.warning(file, line, column, message));
  }

  private void add(Diagnostic d) {
    if (list.size() < LIMIT) {
      list.add(d);
    } else {
      dropped++;
      droppedError |= d.isError();
    }
  }

  boolean hasErrors() {
    return droppedError || list.stream().anyMatch(Diagnostic::isError);
  }

  /** The diagnostics in line order, with a last line counting any that were left out. */
  List<Diagnostic> sorted() {
    List<Diagnostic> out = new ArrayList<>(list);
    out.sort(Comparator.comparingInt(Diagnostic::line).thenComparingInt(Diagnostic::column));
    if (dropped > 0) {
      Diagnostic last = out.get(out.size() - 1);
      String message = dropped + " more problems are not shown; fix the ones above first";
      out.add(droppedError ? Diagnostic.error(file, last.line(), last.column(), message)
          : Diagnostic.warning(file, last.line(), last.column(), message));
    }
    return out;
  }

  /** A token short enough to quote in a message. */
  static String cut(String token) {
    String oneLine = token.replace("\n", "\\n").replace("\r", "\\r");
    return oneLine.length() <= LONGEST_TOKEN ? oneLine
        : oneLine.substring(0, LONGEST_TOKEN) + "…";
  }
}
