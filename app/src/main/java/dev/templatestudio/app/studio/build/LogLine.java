package dev.templatestudio.app.studio.build;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.fxmisc.richtext.model.StyledSegment;

/**
 * One formatted log line, without its newline: its runs of text, each with its style classes,
 * made on the log thread in the form the log view's document takes them, so a frame only links
 * them in.
 *
 * @param runs    the text of the line in runs of one style each (at least one, maybe empty)
 * @param section the step whose section this line heads (the line its output folds under),
 *                or -1 for any other line
 * @param folded  whether that section's output is folded away
 */
record LogLine(List<StyledSegment<String, Collection<String>>> runs, int section, boolean folded) {
  /** The style of the count a folded header shows. */
  static final String FOLD_COUNT_STYLE = "log-fold-count";
  private static final Map<String, Collection<String>> CLASSES = new ConcurrentHashMap<>();
  private static final List<StyledSegment<String, Collection<String>>> EMPTY =
      List.of(new StyledSegment<>("", List.of()));

  /** A line of runs; {@code styles[i]} (space-separated classes, "" for none) styles {@code texts[i]}. */
  static LogLine of(String[] texts, String[] styles, int count, int section) {
    if (count == 0) {
      return new LogLine(EMPTY, section, false);
    }
    List<StyledSegment<String, Collection<String>>> runs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      runs.add(new StyledSegment<>(texts[i], classes(styles[i])));
    }
    return new LogLine(runs, section, false);
  }

  /** The style classes of a style; shared, so a long log holds a handful of lists. */
  static Collection<String> classes(String style) {
    return CLASSES.computeIfAbsent(style, s -> s.isEmpty() ? List.of() : List.of(s.split(" ")));
  }

  String text() {
    if (runs.size() == 1) {
      return runs.get(0).getSegment();
    }
    StringBuilder b = new StringBuilder();
    for (StyledSegment<String, Collection<String>> r : runs) {
      b.append(r.getSegment());
    }
    return b.toString();
  }

  /** This section header as shown folded, with how many lines it hides: "(1,234 lines hidden)". */
  LogLine foldedWith(long hidden) {
    String count = String.format(Locale.ROOT, hidden == 1 ? "  (%,d line hidden)" : "  (%,d lines hidden)", hidden);
    List<StyledSegment<String, Collection<String>>> r = new ArrayList<>(runs);
    r.add(new StyledSegment<>(count, classes(FOLD_COUNT_STYLE)));
    return new LogLine(r, section, true);
  }
}
