package dev.templatestudio.app.studio.logview;

/**
 * The lines a search found its query in, in log order, each with how often it holds the query.
 * A line is known by its number among all the lines of the log, folded or shown ({@code line}),
 * and placed in the view by {@code anchor}: its own number among the shown lines, or, when its
 * step is folded, that of the step's header. Lines that leave the searched part of the log are
 * dropped from the front. Positions by anchor assume anchors ascend, as they do while steps run
 * one after another. Not thread-safe: {@link LogSearch} guards it.
 */
final class Matches {
  /**
   * One occurrence of the query.
   *
   * @param line       the number of its line among all lines of the log, folded or shown
   * @param anchor     where the view shows it: its line's number among shown lines, or its folded step's header's
   * @param foldedStep the folded step that hides its line, or -1 when the line is shown
   * @param occurrence which occurrence in its line, from 0
   */
  record Match(long line, long anchor, int foldedStep, int occurrence) {
  }

  private long[] lines = new long[16];
  private long[] anchors = new long[16];
  private int[] folded = new int[16];
  /** Matches before each entry since the first ever added; with {@link #added}, each entry's count. */
  private long[] before = new long[16];
  private int from;
  private int to;
  private long added;
  private long dropped;

  /** A line holding {@code count} occurrences; lines come in order. */
  void add(long line, long anchor, int foldedStep, int count) {
    if (to == lines.length) {
      grow();
    }
    lines[to] = line;
    anchors[to] = anchor;
    folded[to] = foldedStep;
    before[to] = added;
    to++;
    added += count;
  }

  /** Adds the lines {@code batch} holds, after these. */
  void addAll(Matches batch) {
    for (int i = batch.from; i < batch.to; i++) {
      add(batch.lines[i], batch.anchors[i], batch.folded[i], batch.countAt(i));
    }
  }

  /** Drops the lines at the front whose anchor is before {@code anchor}: they left the searched part. */
  void dropBefore(long anchor) {
    while (from < to && anchors[from] < anchor) {
      dropped += countAt(from);
      from++;
    }
  }

  /** Occurrences held. */
  long count() {
    return added - dropped;
  }

  /** Occurrence {@code index} (from 0, below {@link #count}). */
  Match get(long index) {
    long absolute = index + dropped;
    int lo = from;
    int hi = to - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (before[mid] <= absolute) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return new Match(lines[lo], anchors[lo], folded[lo], (int) (absolute - before[lo]));
  }

  /** The index of the first occurrence at or after occurrence {@code occurrence} of line {@code line}. */
  long rank(long line, int occurrence) {
    int i = firstAtOrAfter(lines, line);
    if (i < to && lines[i] == line) {
      return before[i] - dropped + Math.min(occurrence, countAt(i));
    }
    return (i < to ? before[i] : added) - dropped;
  }

  /** Whether occurrence {@code occurrence} of line {@code line} is held. */
  boolean holds(long line, int occurrence) {
    int i = firstAtOrAfter(lines, line);
    return i < to && lines[i] == line && occurrence < countAt(i);
  }

  /**
   * The index of the first occurrence at or after a place in the view: shown line
   * {@code anchor}, after the first {@code before} occurrences on it (lines folded under a
   * header there come after all of the header's).
   */
  long rankInView(long anchor, int before) {
    int i = firstAtOrAfter(anchors, anchor);
    if (i == to) {
      return count();
    }
    long at = this.before[i] - dropped;
    return anchors[i] == anchor && folded[i] < 0 ? at + Math.min(before, countAt(i)) : at;
  }

  private int countAt(int i) {
    return (int) ((i + 1 < to ? before[i + 1] : added) - before[i]);
  }

  private int firstAtOrAfter(long[] keys, long key) {
    int lo = from;
    int hi = to;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (keys[mid] < key) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Makes room at the end: moves the live entries to the front, and doubles when they fill half. */
  private void grow() {
    int live = to - from;
    int length = live * 2 > lines.length ? lines.length * 2 : lines.length;
    lines = shifted(lines, length);
    anchors = shifted(anchors, length);
    before = shifted(before, length);
    int[] f = new int[length];
    System.arraycopy(folded, from, f, 0, live);
    folded = f;
    from = 0;
    to = live;
  }

  private long[] shifted(long[] a, int length) {
    long[] b = new long[length];
    System.arraycopy(a, from, b, 0, to - from);
    return b;
  }
}
