package dev.templatestudio.app.studio.logview;

import dev.templatestudio.bridge.build.BuildEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Finds a query in the log on show, away from the FX thread: it reads the log by seq, as
 * {@link LogIngest} does, formats each event as the lens shows it but keeps every line, folded
 * or not, and notes the lines that hold the query. The FX thread asks once per frame, in time
 * independent of the log's length and without waiting, how many matches there are and where the
 * current one stands.
 *
 * <p>What is searched: what the log view keeps — the newest {@code cap} lines it shows — and
 * the lines folded under the headers among them. Lines that left the view (a long build's
 * early output; the build's event log keeps it, and Save writes it) are not searched, so
 * every match counted can be shown. The lens's filter to one step applies. Case is ignored
 * ({@link LogMatch}).
 *
 * <p>Methods other than the work itself are for the FX thread; the work runs on {@code executor}.
 */
final class LogSearch {
  /** Events read from the log at a time: each batch publishes what it found, so the count grows as the log is read. */
  private static final int READ = 4096;

  /**
   * A next or previous asked for: from match {@code from}, or when it is null from a place in
   * the view, shown line {@code anchor} after {@code before} occurrences on it.
   */
  record Move(boolean forward, Matches.Match from, long anchor, int before) {
  }

  /** A match and where it stands: {@code index} (from 0) of {@code count}. */
  record Hit(Matches.Match match, long index, long count) {
  }

  /**
   * Where the search stands.
   *
   * @param ready   whether it has been through the whole log as it was when it started (it then
   *                keeps up with new events); until then the other fields are not to be used
   * @param count   matches in what is searched
   * @param current the current match after the move asked for, where it stands; null for none
   */
  record Answer(boolean ready, long count, Hit current) {
  }

  /** Where the worker reads from, copied under the guard. */
  private record Reading(LogIngest.Shown shown, String query, int epoch, long from) {
  }

  private final LogWorker worker;
  /** The FX thread only tries it: it never waits for the worker. */
  private final Guard guard = new Guard(false);
  private LogIngest.Shown shown;
  private String query = "";
  /** Rises with each new search, so a worker drops a batch scanned for an older one. */
  private int epoch;
  private Matches matches = new Matches();
  private long read;
  /** The log's last seq when the worker first looked for this search (-1 before): once read up to it, the result is ready. */
  private long readyAt = -1;
  /** The worker's scan and the search it serves. Worker only. */
  private Scan scan;
  private int scanEpoch = -1;

  LogSearch(Executor executor) {
    this.worker = new LogWorker(executor, this::scanBatch, this::behind);
  }

  /**
   * Searches {@code shown} for {@code query} (not empty) — afresh when either changed, else on
   * into what the log gained, which the worker looks for — and says where things stand, with
   * {@code move} (when ready and given) made from {@code current}. Null at once, changing
   * nothing, while the worker publishes a batch: the FX thread never waits for it, and asks
   * again next frame. Once per frame.
   */
  Answer frame(LogIngest.Shown shown, String query, Matches.Match current, Move move) {
    Boolean asked = guard.tryGet(() -> {
      if (!shown.equals(this.shown) || !query.equals(this.query)) {
        this.shown = shown;
        this.query = query;
        epoch++;
        matches = new Matches();
        read = 0;
        readyAt = -1;
      }
      return true;
    }, null);
    if (asked == null) {
      return null;
    }
    worker.wake();
    return guard.tryGet(() -> {
      boolean ready = readyAt >= 0 && read >= readyAt;
      Matches.Match m = ready && move != null ? moved(move) : current;
      Hit at = m == null || !matches.holds(m.line(), m.occurrence()) ? null : hit(matches.rank(m.line(), m.occurrence()));
      return new Answer(ready, matches.count(), at);
    }, null);
  }

  /** The match {@code move} goes to, wrapping around; null when there are none. Under the lock. */
  private Matches.Match moved(Move move) {
    long at;
    if (move.from() != null) {
      at = matches.rank(move.from().line(), move.from().occurrence());
      boolean held = matches.holds(move.from().line(), move.from().occurrence());
      at = move.forward() ? (held ? at + 1 : at) : at - 1;
    } else {
      at = matches.rankInView(move.anchor(), move.before());
      at = move.forward() ? at : at - 1;
    }
    Hit h = hit(at);
    return h == null ? null : h.match();
  }

  /** Match {@code index}, taken around the count. Under the lock. */
  private Hit hit(long index) {
    long count = matches.count();
    if (count == 0) {
      return null;
    }
    long i = Math.floorMod(index, count);
    return new Hit(matches.get(i), i, count);
  }

  private boolean behind() {
    Reading r = guard.get(() -> new Reading(shown, query, epoch, read));
    // The log is asked outside the lock: it calls its listeners holding its own.
    return r.shown() != null && r.shown().source() != null && r.shown().source().lastSeq() > r.from();
  }

  /** Scans a batch of events; false when there were none. */
  private boolean scanBatch() {
    Reading r = guard.get(() -> new Reading(shown, query, epoch, read));
    LogIngest.Shown s = r.shown();
    long last = s == null || s.source() == null ? 0 : s.source().lastSeq();
    guard.run(() -> {
      if (r.epoch() == epoch && readyAt < 0) {
        readyAt = last;
      }
    });
    List<BuildEvent> events = r.from() >= last ? List.of() : s.source().after(r.from(), READ);
    if (events.isEmpty()) {
      return false;
    }
    if (r.epoch() != scanEpoch) {
      scan = new Scan(s.lens(), LogMatch.fold(r.query()));
      scanEpoch = r.epoch();
    }
    Matches found = new Matches();
    for (BuildEvent event : events) {
      scan.format(event, found);
    }
    guard.run(() -> {
      if (r.epoch() == epoch) {
        matches.addAll(found);
        matches.dropBefore(scan.shown - s.cap());
        read = r.from() + events.size();
      }
    });
    return true;
  }

  /**
   * Formats events as the view would, keeping the lines its lens folds away too, and notes the
   * lines that hold the query. Its count of shown lines numbers them as {@link LogIngest} does.
   * Worker only.
   */
  private static final class Scan implements LogSink {
    private final LogLens lens;
    private final String query;
    private final LogFormatter formatter = new LogFormatter();
    private final StringBuilder text = new StringBuilder();
    /** Each step's header's number among the shown lines. */
    private final Map<Integer, Long> headers = new HashMap<>();
    private Matches found;
    private long all;
    private long shown;
    private int step;
    private boolean hiding;

    Scan(LogLens lens, String query) {
      this.lens = lens;
      this.query = query;
    }

    void format(BuildEvent e, Matches into) {
      if (!lens.shows(e)) {
        return;
      }
      found = into;
      step = e.step() == null ? -1 : e.step();
      hiding = lens.hides(e);
      formatter.format(e, this);
    }

    @Override
    public LogSink add(String s, String style) {
      text.append(s);
      return this;
    }

    @Override
    public LogSink newline() {
      end(hiding);
      return this;
    }

    @Override
    public LogSink sectionHeader(int s) {
      headers.put(s, shown);
      end(false);
      return this;
    }

    private void end(boolean hidden) {
      int n = text.length() < query.length() ? 0 : LogMatch.count(text, query);
      if (n > 0) {
        found.add(all, hidden ? headers.getOrDefault(step, shown) : shown, hidden ? step : -1, n);
      }
      all++;
      if (!hidden) {
        shown++;
      }
      text.setLength(0);
    }
  }
}
