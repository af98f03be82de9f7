package dev.templatestudio.app.studio.logview;

import java.util.Arrays;

/**
 * The newest formatted lines of a log, at most {@code cap} of them, numbered from 0 by
 * arrival. A {@link LogSink}, so the formatter writes straight into it. Lines are kept
 * {@link LogLine#pack packed} and unpacked when read. Not thread-safe: {@link LogIngest} guards it.
 */
final class LogRing implements LogSink {
  private final int cap;
  private char[][] lines;
  /** The section each line heads, -1 for none; parallel to {@code lines}. */
  private int[] sections;
  private int head;
  private int size;
  private long total;
  private String[] texts = new String[8];
  private String[] styles = new String[8];
  private int runs;

  LogRing(int cap) {
    this.cap = Math.max(1, cap);
    // Full, the array is exactly cap long, so the oldest line sits where the next one goes.
    lines = new char[Math.min(this.cap, 64)][];
    sections = new int[lines.length];
  }

  @Override
  public LogRing add(String s, String style) {
    if (s.isEmpty()) {
      return this;
    }
    if (runs > 0 && styles[runs - 1].equals(style)) {
      texts[runs - 1] = texts[runs - 1] + s;
      return this;
    }
    if (runs == styles.length) {
      styles = Arrays.copyOf(styles, runs * 2);
      texts = Arrays.copyOf(texts, runs * 2);
    }
    styles[runs] = style;
    texts[runs++] = s;
    return this;
  }

  @Override
  public LogRing newline() {
    return end(-1);
  }

  @Override
  public LogRing sectionHeader(int step) {
    return end(step);
  }

  /** Forgets the line written since the last newline: it is not shown (its section is folded). */
  void discardLine() {
    runs = 0;
  }

  private LogRing end(int section) {
    push(LogLine.pack(texts, styles, runs), section);
    runs = 0;
    return this;
  }

  /** Lines written so far, including those the ring no longer holds. */
  long total() {
    return total;
  }

  /** The lines numbered {@code from} and after that the ring still holds, at most the newest {@code max}. */
  LogLine[] since(long from, int max) {
    long first = Math.max(from, Math.max(total - size, total - Math.max(0, max)));
    int n = (int) Math.max(0, total - first);
    LogLine[] out = new LogLine[n];
    int offset = size - n;
    for (int i = 0; i < n; i++) {
      out[i] = line((head + offset + i) % lines.length);
    }
    return out;
  }

  private LogLine line(int slot) {
    return LogLine.unpack(lines[slot], sections[slot]);
  }

  /** Lines the ring holds. */
  int size() {
    return size;
  }

  /** The line numbered {@code n}, or null when the ring no longer holds it. */
  LogLine get(long n) {
    if (n < total - size || n >= total) {
      return null;
    }
    return line((int) ((head + (n - (total - size))) % lines.length));
  }

  /** The lines numbered {@code from} up to {@code to}; the ring must still hold them. */
  LogLine[] range(long from, long to) {
    int n = (int) (to - from);
    LogLine[] out = new LogLine[n];
    int offset = (int) (from - (total - size));
    for (int i = 0; i < n; i++) {
      out[i] = line((head + offset + i) % lines.length);
    }
    return out;
  }

  /**
   * Counts {@code n} lines that are not kept: they come after every line the ring holds, so
   * those leave it too (the ring holds a contiguous run of lines).
   */
  void skip(long n) {
    if (n == 0) {
      return;
    }
    total += n;
    head = 0;
    size = 0;
    Arrays.fill(lines, null);
  }

  /** Adds the lines another ring holds (a batch formatted elsewhere), as they are kept. */
  void addAll(LogRing batch) {
    for (int i = 0; i < batch.size; i++) {
      int slot = (batch.head + i) % batch.lines.length;
      push(batch.lines[slot], batch.sections[slot]);
    }
  }

  private void push(char[] line, int section) {
    total++;
    if (size == cap) {
      lines[head] = line;
      sections[head] = section;
      head = (head + 1) % lines.length;
      return;
    }
    if (size == lines.length) {
      int length = (int) Math.min(cap, 2L * lines.length);
      char[][] bigger = new char[length][];
      int[] biggerSections = new int[length];
      for (int i = 0; i < size; i++) {
        bigger[i] = lines[(head + i) % lines.length];
        biggerSections[i] = sections[(head + i) % lines.length];
      }
      lines = bigger;
      sections = biggerSections;
      head = 0;
    }
    lines[(head + size) % lines.length] = line;
    sections[(head + size) % lines.length] = section;
    size++;
  }
}
