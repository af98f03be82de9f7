package dev.templatestudio.app.studio.logview;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The log on show as formatted so far, seen through one lens, and what the view took of it: a
 * {@link LogRing} of the newest lines, where each step's header went, how many lines each folded
 * step hides, and which lines the view holds. The log thread {@link #add adds} batches; a frame
 * {@link #take takes} only what changed, so its work depends on the frame's news, never on how
 * many lines came before. Another log or lens starts a new window. Not thread-safe:
 * {@link LogIngest}'s guard holds every call.
 */
final class LogWindow {
  /**
   * The most lines a frame puts in place of the view's: a replace makes every line in view new,
   * each a node to style and lay out (most of a frame's time), so it takes about half a view's
   * worth; later frames put the older lines before them, a frame's limit at a time, and lines
   * that go in above the view cost little.
   */
  static final int RESUME_LINES = 24;

  /**
   * What a frame took, as lines; the documents are made from them outside the lock
   * ({@link #frame}).
   */
  record Cut(LogLine[] lines, long first, long skipped, boolean replace, LogLine[] older, long olderFirst,
      List<LogLine> headers, List<Long> headerLines) {

    /** The frame these lines make, with {@code steps}; the styled documents are built here. */
    LogFrame frame(StepChanges steps) {
      List<LogChunk> headerChunks = new ArrayList<>();
      for (int i = 0; i < headers.size(); i++) {
        headerChunks.add(LogChunk.of(new LogLine[] {headers.get(i)}, headerLines.get(i)));
      }
      return new LogFrame(LogChunk.of(lines, first), replace, older == null ? null : LogChunk.of(older, olderFirst),
          headerChunks, skipped, steps);
    }
  }

  private final int cap;
  private final LogLens lens;
  private final LogRing ring;
  private final Map<Integer, Long> hidden = new HashMap<>();
  private final Map<Integer, Long> headerAt = new HashMap<>();
  private final Set<Integer> recounted = new LinkedHashSet<>();
  /** Whether lines were skipped between lines in the view, and when it may be made whole. */
  private final StreamPacing pacing;
  private boolean restarted = true;
  /** The view shows lines numbered shownFrom up to taken. */
  private long shownFrom;
  private long taken;

  /**
   * An empty window: the first frame replaces the view.
   *
   * @param cap    the most lines kept for the view
   * @param pacing the stream's pacing, which outlives windows; it starts whole here
   */
  LogWindow(int cap, LogLens lens, StreamPacing pacing) {
    this.cap = cap;
    this.lens = lens;
    this.ring = new LogRing(cap);
    this.pacing = pacing;
    pacing.whole();
  }

  /** Publishes a batch the log thread formatted through this window's lens. */
  void add(StagedLines batch) {
    batch.publishTo(ring, headerAt, hidden, recounted);
  }

  /** Lines formatted and not yet in the view: new ones, and older ones still to fill it. */
  long unread() {
    // A view the stream outran is still to be made whole.
    return ring.total() - taken + Math.max(0, shownFrom - fillFrom()) + (pacing.gapped() ? 1 : 0);
  }

  /**
   * What changed since the last take: the new lines (at most the newest {@code maxLines}), or
   * when there are none older lines to fill the view, and folded headers to update. With
   * {@code contiguous} false the new lines follow the view even when some were skipped, leaving
   * a gap.
   */
  Cut take(int maxLines, boolean contiguous) {
    LogLine[] lines;
    boolean replace;
    long total = ring.total();
    long fresh = total - taken;
    boolean viewHoldsLines = taken > shownFrom;
    // Of the fresh lines, those this frame shows or a later frame puts before them.
    long kept = 0;
    if (contiguous && !restarted && viewHoldsLines && fresh > maxLines) {
      // The stream outruns the eye: now and then its newest few lines follow the view.
      if (pacing.outrunShowsNow()) {
        lines = ring.since(taken, StreamPacing.OUTRUN_LINES);
      } else {
        lines = new LogLine[0];
        fresh = 0;
        total = taken;
      }
      replace = false;
    } else if (contiguous && pacing.gapped() && !pacing.calm()) {
      // A lull after a gap: the lines follow the view, which is made whole once it stays slow.
      lines = ring.since(taken, maxLines);
      replace = false;
    } else if (contiguous && pacing.gapped()) {
      int n = Math.min(maxLines, RESUME_LINES);
      lines = ring.since(total - n, n);
      kept = Math.min(maxLines, fresh);
      replace = true;
      pacing.whole();
    } else {
      lines = ring.since(taken, maxLines);
      // An empty view starts at the newest lines when older ones were skipped.
      replace = restarted || (contiguous && fresh > lines.length && lines.length > 0);
      kept = lines.length;
      if (replace && lines.length > RESUME_LINES) {
        // The rest of them are put before these by the next frames: not skipped.
        lines = Arrays.copyOfRange(lines, lines.length - RESUME_LINES, lines.length);
      }
    }
    long first = total - lines.length;
    long skipped = fresh - Math.min(fresh, Math.max(kept, lines.length));
    if (replace) {
      shownFrom = first;
    }
    restarted = false;
    List<LogLine> headers = new ArrayList<>();
    List<Long> headerLines = new ArrayList<>();
    for (int step : recounted) {
      Long at = headerAt.get(step);
      LogLine header = at == null || at < shownFrom || at >= first ? null : ring.get(at);
      if (header != null) {
        headers.add(shownAs(header));
        headerLines.add(at);
      }
    }
    recounted.clear();
    taken = total;
    LogLine[] older = null;
    long olderFirst = 0;
    if (lines.length == 0 && !pacing.gapped() && shownFrom > fillFrom()) {
      olderFirst = Math.max(fillFrom(), shownFrom - Math.max(1, maxLines));
      older = ring.range(olderFirst, shownFrom);
      shownFrom = olderFirst;
      decorate(older);
    }
    decorate(lines);
    return new Cut(lines, first, skipped, replace, older, olderFirst, headers, headerLines);
  }

  private void decorate(LogLine[] lines) {
    for (int i = 0; i < lines.length; i++) {
      lines[i] = shownAs(lines[i]);
    }
  }

  /** A folded section's header with its count of hidden lines; any other line as it is. */
  private LogLine shownAs(LogLine line) {
    if (line.section() < 0 || !lens.folds(line.section())) {
      return line;
    }
    return line.foldedWith(hidden.getOrDefault(line.section(), 0L));
  }

  /** The first line a full view would show. */
  private long fillFrom() {
    return Math.max(ring.total() - ring.size(), taken - cap);
  }
}
