package dev.templatestudio.app.studio.logview;

import dev.templatestudio.bridge.build.BuildEvent;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A batch of lines the log thread formatted, not yet in the ring the frames read: lines of a
 * folded step are counted instead of kept, and events far behind only counted. Log thread
 * only, until {@link #publishTo} under {@link LogIngest}'s lock; formatting outside the lock
 * keeps a frame from waiting on a log thread that lost its core.
 */
final class StagedLines implements LogSink {
  private final LogLens lens;
  private final LogFormatter formatter;
  private final LogRing lines = new LogRing(Integer.MAX_VALUE);
  private final Map<Integer, Long> hiddenHere = new HashMap<>();
  private final Map<Integer, Long> headersHere = new HashMap<>();
  private final LineCounter counter = new LineCounter();
  private int step;
  private boolean hiding;
  private long skimmed;

  /** @param formatter the shown log's formatter, whose state (headers, CACHED) carries over batches */
  StagedLines(LogLens lens, LogFormatter formatter) {
    this.lens = lens;
    this.formatter = formatter;
  }

  /**
   * Formats {@code e}, or with {@code skim} only counts its lines, since newer ones will push
   * them out; skimmed events come before formatted ones.
   */
  void format(BuildEvent e, boolean skim) {
    if (!lens.shows(e)) {
      return;
    }
    if (skim) {
      skimmed += BuildEvent.LOG.equals(e.kind()) ? LineCounter.lines(e.message()) : 0;
      if (!BuildEvent.LOG.equals(e.kind())) {
        // Other events change the formatter's state (headers, CACHED); their few lines are dropped too.
        formatter.format(e, counter);
      }
      return;
    }
    step = e.step() == null ? -1 : e.step();
    hiding = lens.hides(e);
    formatter.format(e, this);
  }

  @Override
  public LogSink add(String s, String style) {
    lines.add(s, style);
    return this;
  }

  @Override
  public LogSink newline() {
    if (hiding) {
      lines.discardLine();
      hiddenHere.merge(step, 1L, Long::sum);
    } else {
      lines.newline();
    }
    return this;
  }

  @Override
  public LogSink sectionHeader(int s) {
    headersHere.put(s, lines.total());
    lines.sectionHeader(s);
    return this;
  }

  /**
   * Puts the batch into {@code ring}, where each header went into {@code headerAt}, and the
   * lines hidden under folded steps into {@code hidden}, noting in {@code recounted} the
   * steps whose count grew.
   */
  void publishTo(LogRing ring, Map<Integer, Long> headerAt, Map<Integer, Long> hidden, Set<Integer> recounted) {
    ring.skip(skimmed + counter.lines);
    long base = ring.total();
    headersHere.forEach((s, at) -> headerAt.put(s, base + at));
    hiddenHere.forEach((s, n) -> {
      hidden.merge(s, n, Long::sum);
      recounted.add(s);
    });
    ring.addAll(lines);
  }
}
