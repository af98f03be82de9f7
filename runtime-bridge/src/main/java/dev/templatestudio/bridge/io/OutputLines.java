package dev.templatestudio.bridge.io;

import java.util.function.Consumer;

/**
 * A process's output, given in chunks as it comes, handed on as lines: ended by \n, \r or \r\n,
 * a line longer than {@link #MAX_LINE} characters cut there with " …". What is past the cut is
 * never held, so a process that prints gigabytes without a line break takes no more memory than
 * one that breaks its lines. Every runtime's step output goes through it (embedded's sandbox
 * pumps, docker's exec frames), so a line reads the same on both. One thread.
 */
public final class OutputLines {
  /** The longest line kept whole. */
  public static final int MAX_LINE = 16 * 1024;
  private final Consumer<String> line;
  private final StringBuilder current = new StringBuilder();
  private boolean cut;
  private boolean afterCr;
  private boolean open;

  public OutputLines(Consumer<String> line) {
    this.line = line;
  }

  /** Takes {@code length} characters of {@code chunk} from {@code offset}, handing on each line they end. */
  public void accept(char[] chunk, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      take(chunk[i]);
    }
  }

  /** Takes {@code chunk}, handing on each line it ends. */
  public void accept(CharSequence chunk) {
    for (int i = 0; i < chunk.length(); i++) {
      take(chunk.charAt(i));
    }
  }

  private void take(char c) {
    if (c == '\n' && afterCr) {
      afterCr = false;
      return;
    }
    afterCr = c == '\r';
    if (c == '\n' || c == '\r') {
      line.accept(cut ? current + " …" : current.toString());
      current.setLength(0);
      cut = false;
      open = false;
    } else if (current.length() < MAX_LINE) {
      current.append(c);
      open = true;
    } else {
      cut = true;
    }
  }

  /** Hands on the last line when the output ended without a break after it. */
  public void end() {
    if (open) {
      line.accept(cut ? current + " …" : current.toString());
    }
    current.setLength(0);
    cut = false;
    afterCr = false;
    open = false;
  }
}
