package dev.templatestudio.app.studio.logview;

import java.util.Arrays;

/**
 * Which log line (numbered as {@link LogIngest} numbers them) each paragraph of the log view
 * holds. The view holds runs of consecutive lines: one from where it starts, and another
 * wherever lines were appended after a gap (lines skipped while the view did not follow a fast
 * stream), so a line found elsewhere can be found in the view. FX thread.
 */
final class LineNumbers {
  /** Run {@code i} starts at paragraph {@code starts[i]} with line {@code lines[i]}; both ascend. */
  private int[] starts = new int[8];
  private long[] lines = new long[8];
  private int runs;
  private int size;
  /** Rises with each {@link #reset}: numbers from before one may name other lines. */
  private int resets;

  /** The view now holds {@code count} lines, the first numbered {@code first}. */
  void reset(long first, int count) {
    resets++;
    runs = 0;
    size = 0;
    appended(first, count);
  }

  /** {@code count} lines, the first numbered {@code first}, came after the last. */
  void appended(long first, int count) {
    if (count == 0) {
      return;
    }
    if (runs == 0 || lineAt(size) != first) {
      insert(runs, size, first);
    }
    size += count;
  }

  /** {@code count} lines, the first numbered {@code first}, came before the first. */
  void prepended(long first, int count) {
    if (count == 0) {
      return;
    }
    for (int i = 0; i < runs; i++) {
      starts[i] += count;
    }
    if (runs > 0 && lines[0] == first + count) {
      starts[0] = 0;
      lines[0] = first;
    } else {
      insert(0, 0, first);
    }
    size += count;
  }

  /** The first {@code count} lines left the view. */
  void trimmed(int count) {
    if (count >= size) {
      reset(0, 0);
      return;
    }
    int keep = runOf(count);
    long first = lines[keep] + (count - starts[keep]);
    runs -= keep;
    System.arraycopy(starts, keep, starts, 0, runs);
    System.arraycopy(lines, keep, lines, 0, runs);
    lines[0] = first;
    for (int i = 0; i < runs; i++) {
      starts[i] = Math.max(0, starts[i] - count);
    }
    size -= count;
  }

  /** How many times the view was filled afresh. */
  int resets() {
    return resets;
  }

  /** Lines the view holds. */
  int size() {
    return size;
  }

  /** The paragraph that holds line {@code line}, or -1 when the view does not hold it. */
  int paragraphOf(long line) {
    int lo = 0;
    int hi = runs - 1;
    int run = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (lines[mid] <= line) {
        run = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (run < 0) {
      return -1;
    }
    long p = starts[run] + (line - lines[run]);
    int end = run + 1 < runs ? starts[run + 1] : size;
    return p < end ? (int) p : -1;
  }

  /** The line paragraph {@code paragraph} holds (the next line's number for one past the last); -1 for none. */
  long lineAt(int paragraph) {
    if (runs == 0 || paragraph < 0 || paragraph > size) {
      return -1;
    }
    int run = runOf(paragraph);
    return lines[run] + (paragraph - starts[run]);
  }

  /** The last run that starts at or before {@code paragraph}. */
  private int runOf(int paragraph) {
    int i = Arrays.binarySearch(starts, 0, runs, paragraph);
    return i >= 0 ? i : -i - 2;
  }

  private void insert(int at, int start, long line) {
    if (runs == starts.length) {
      starts = Arrays.copyOf(starts, runs * 2);
      lines = Arrays.copyOf(lines, runs * 2);
    }
    System.arraycopy(starts, at, starts, at + 1, runs - at);
    System.arraycopy(lines, at, lines, at + 1, runs - at);
    starts[at] = start;
    lines[at] = line;
    runs++;
  }
}
