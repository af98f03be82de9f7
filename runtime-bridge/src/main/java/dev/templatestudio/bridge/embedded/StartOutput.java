package dev.templatestudio.bridge.embedded;

import dev.templatestudio.bridge.machines.Machines;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a held machine's start command printed, numbered from 0: the newest {@link #KEPT_LINES}
 * lines of at most {@link #MAX_LINE_CHARS} characters each, so a chatty service cannot take
 * memory without bound. Readers may follow it until the machine stops. Thread-safe.
 */
final class StartOutput {
  static final int KEPT_LINES = 10_000;
  static final int MAX_LINE_CHARS = 8_192;

  private record Line(long number, String stream, String text) {}

  private final Deque<Line> lines = new ArrayDeque<>();
  private long next;
  private boolean ended;

  synchronized void add(String stream, String text) {
    String kept = text.length() <= MAX_LINE_CHARS ? text : text.substring(0, MAX_LINE_CHARS) + " …(cut)";
    lines.addLast(new Line(next++, stream, kept));
    if (lines.size() > KEPT_LINES) {
      lines.removeFirst();
    }
    notifyAll();
  }

  /** No more lines will come: followers return. */
  synchronized void end() {
    ended = true;
    notifyAll();
  }

  /** Gives lines numbered {@code from} on (those still kept); with {@code follow}, waits for more until the end. */
  void read(long from, boolean follow, Machines.LogLineConsumer consumer) throws IOException, InterruptedException {
    long at = from;
    while (true) {
      Line[] batch;
      synchronized (this) {
        while (follow && !ended && next <= at) {
          wait();
        }
        final long start = at;
        batch = lines.stream().filter(l -> l.number() >= start).toArray(Line[]::new);
        if (batch.length == 0 && (!follow || ended)) {
          return;
        }
      }
      // Given outside the lock: a slow reader never holds up the machine's output.
      for (Line l : batch) {
        consumer.line(l.number(), l.stream(), l.text());
        at = l.number() + 1;
      }
      if (!follow) {
        return;
      }
    }
  }
}
