package dev.templatestudio.app.studio.logview;

import java.util.ArrayList;
import java.util.Arrays;
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

  /** Style {@code i} of {@link #pack}ed lines: ids are only ever added, so a line packed once reads the same. */
  private static final Map<String, Integer> STYLE_IDS = new ConcurrentHashMap<>();
  private static volatile String[] styleNames = new String[16];
  /** An empty line packed: shared, as empty lines are common. */
  private static final char[] NO_RUNS = new char[2];

  /**
   * A line of runs, {@code styles[i]} (space-separated classes, "" for none) styling
   * {@code texts[i]}, packed into one array: the run count, each run's style id and length, then
   * the runs' text. The log thread keeps tens of thousands of lines it may never show; packed,
   * each is one object instead of a dozen, which young collections copy that much faster.
   * {@link #unpack} makes the line of the few that are shown.
   */
  static char[] pack(String[] texts, String[] styles, int count) {
    if (count == 0) {
      return NO_RUNS;
    }
    int length = 2 + 4 * count;
    for (int i = 0; i < count; i++) {
      length += texts[i].length();
    }
    char[] packed = new char[length];
    putInt(packed, 0, count);
    int at = 2 + 4 * count;
    for (int i = 0; i < count; i++) {
      putInt(packed, 2 + 4 * i, styleId(styles[i]));
      putInt(packed, 4 + 4 * i, texts[i].length());
      texts[i].getChars(0, texts[i].length(), packed, at);
      at += texts[i].length();
    }
    return packed;
  }

  /** The line {@link #pack}ed into {@code packed}. */
  static LogLine unpack(char[] packed, int section) {
    int count = getInt(packed, 0);
    if (count == 0) {
      return new LogLine(EMPTY, section, false);
    }
    String[] names = styleNames;
    List<StyledSegment<String, Collection<String>>> runs = new ArrayList<>(count);
    int at = 2 + 4 * count;
    for (int i = 0; i < count; i++) {
      int length = getInt(packed, 4 + 4 * i);
      runs.add(new StyledSegment<>(new String(packed, at, length), classes(names[getInt(packed, 2 + 4 * i)])));
      at += length;
    }
    return new LogLine(runs, section, false);
  }

  private static int styleId(String style) {
    Integer id = STYLE_IDS.get(style);
    return id != null ? id : newStyleId(style);
  }

  /** The name is stored before the id is published, so any thread that sees the id finds the name. */
  private static synchronized int newStyleId(String style) {
    Integer known = STYLE_IDS.get(style);
    if (known != null) {
      return known;
    }
    int id = STYLE_IDS.size();
    String[] names = styleNames;
    if (id == names.length) {
      names = Arrays.copyOf(names, id * 2);
    }
    names[id] = style;
    styleNames = names;
    STYLE_IDS.put(style, id);
    return id;
  }

  private static void putInt(char[] a, int at, int v) {
    a[at] = (char) (v >>> 16);
    a[at + 1] = (char) v;
  }

  private static int getInt(char[] a, int at) {
    return a[at] << 16 | a[at + 1];
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
