package dev.templatestudio.bridge.dockerfile;

import java.util.Arrays;
import java.util.List;

/**
 * One logical Dockerfile instruction: the keyword, its arguments with continuation lines joined,
 * and its heredocs. Knows where each character of the arguments came from, so a diagnostic
 * about a token can name its own line and column. Immutable.
 */
final class Instruction {
  private final String keyword;
  private final int line;
  private final int column;
  private final String args;
  private final int[] segmentOffsets;
  private final int[] segmentLines;
  private final int[] segmentColumns;
  private final List<Heredoc> heredocs;

  Instruction(String keyword, int line, int column, String args, int[] segmentOffsets,
      int[] segmentLines, int[] segmentColumns, List<Heredoc> heredocs) {
    this.keyword = keyword;
    this.line = line;
    this.column = column;
    this.args = args;
    this.segmentOffsets = segmentOffsets;
    this.segmentLines = segmentLines;
    this.segmentColumns = segmentColumns;
    this.heredocs = List.copyOf(heredocs);
  }

  /** The keyword as written (Docker's keywords are case-insensitive). */
  String keyword() {
    return keyword;
  }

  int line() {
    return line;
  }

  int column() {
    return column;
  }

  /** The arguments after the keyword: continuation lines joined, comment lines inside dropped. */
  String args() {
    return args;
  }

  List<Heredoc> heredocs() {
    return heredocs;
  }

  /** The 1-based line of the character at {@code offset} in {@link #args()}. */
  int lineAt(int offset) {
    return segmentLines[segment(offset)];
  }

  /** The 1-based column of the character at {@code offset} in {@link #args()}. */
  int columnAt(int offset) {
    int s = segment(offset);
    return segmentColumns[s] + Math.max(0, offset - segmentOffsets[s]);
  }

  private int segment(int offset) {
    int i = Arrays.binarySearch(segmentOffsets, offset);
    if (i < 0) {
      i = -i - 2;
    }
    // Several segments may start at one offset (an empty continuation line): the last wins.
    while (i + 1 < segmentOffsets.length && segmentOffsets[i + 1] == offset) {
      i++;
    }
    return Math.max(0, i);
  }

  /**
   * A heredoc of RUN or COPY.
   *
   * @param body       the text between the marker line and the delimiter, each line ending in
   *                   a newline ({@code <<-} tabs already stripped)
   * @param raw        the lines as written, for a command that feeds the heredoc to a program
   * @param line       where the {@code <<} marker is
   * @param terminated false when the file ended before the delimiter
   */
  record Heredoc(String delimiter, boolean stripTabs, String body, String raw, int line,
      int column, boolean terminated) {}
}
