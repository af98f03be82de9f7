package dev.templatestudio.bridge.build;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The append-only event history of one build. Stamps each event with the next {@code seq}
 * (from 1, no gaps), the time and the build id, masks secrets, and replays history to late
 * subscribers before they see live events: a reader can (re)connect from any seq.
 * Thread-safe; listeners are called on the appending thread, in seq order.
 *
 * <p>Events are kept encoded ({@link EventStore}) and decoded on each read, except the newest
 * few, which are kept as appended: a live reader (the studio's log view) mostly asks for those.
 */
public final class EventLog {
  /**
   * The newest events kept as appended, one slot per seq modulo its length (made on the first
   * append; a restored log has no live reader). A few milliseconds of a fast stream: they die
   * young like any reader's copies, and the live reader need not decode them.
   */
  private static final int RECENT = 4096;
  /** The longest message an event kept as appended may have. */
  private static final int RECENT_MESSAGE = 1024;
  /** Events decoded at a time for a subscriber that joins late. */
  private static final int REPLAY_BATCH = 4096;
  private final String buildId;
  private final SecretMasker masker;
  private final Clock clock;
  private final EventStore events;
  /** Slot {@code i % RECENT} holds event {@code i} (counted from 0); made on the first append. */
  private BuildEvent[] recent;
  /** The first event (counted from 0) kept in {@code recent}: those of a restored log are not. */
  private int firstRecent = Integer.MAX_VALUE;
  private boolean ended;
  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
  /** The time stamp of the last millisecond stamped: a fast build logs many events per millisecond. */
  private long stampedMillis = Long.MIN_VALUE;
  private String stampedTime;

  public EventLog(String buildId, SecretMasker masker) {
    this(buildId, masker, Clock.systemUTC());
  }

  public EventLog(String buildId, SecretMasker masker, Clock clock) {
    this.buildId = buildId;
    this.masker = masker;
    this.clock = clock;
    this.events = new EventStore(buildId);
  }

  /**
   * A log whose older events go to a file in {@code spillDir} (deleted at once, its space freed
   * when the log is no longer reachable) instead of the system's temp dir: a runtime with a
   * store of its own keeps them there.
   */
  public EventLog(String buildId, SecretMasker masker, Path spillDir) {
    this.buildId = buildId;
    this.masker = masker;
    this.clock = Clock.systemUTC();
    this.events = new EventStore(buildId, spillDir);
  }

  /** Restores a log from stored events (already stamped and masked), e.g. after a restart. */
  public static EventLog restored(String buildId, List<BuildEvent> stored) {
    EventLog log = new EventLog(buildId, SecretMasker.none());
    for (BuildEvent e : stored) {
      log.events.add(e);
      log.ended = e.isEnd();
    }
    return log;
  }

  public String buildId() {
    return buildId;
  }

  /** Stamps, masks, stores and publishes an event; returns it as stored. */
  public BuildEvent append(BuildEvent event) {
    BuildEvent stamped;
    synchronized (this) {
      if (isEnded()) {
        throw new IllegalStateException("build " + buildId + " has already ended");
      }
      stamped = event.masked(masker).stamped(events.size() + 1L, now(), buildId);
      keep(stamped);
      for (Subscriber s : subscribers) {
        s.listener.accept(stamped);
      }
      notifyAll();
    }
    return stamped;
  }

  /**
   * Adds an event another log already stamped (a remote runtime's, relayed), keeping its seq
   * and time; masks it again. The seq must be the next one of this log.
   *
   * @throws IllegalArgumentException when the seq is not the next one
   */
  public BuildEvent relay(BuildEvent stamped) {
    synchronized (this) {
      if (isEnded()) {
        throw new IllegalStateException("build " + buildId + " has already ended");
      }
      if (stamped.seq() != events.size() + 1L) {
        throw new IllegalArgumentException("event seq " + stamped.seq() + " does not follow " + events.size());
      }
      BuildEvent masked = stamped.masked(masker).stamped(stamped.seq(), stamped.time(), buildId);
      keep(masked);
      for (Subscriber s : subscribers) {
        s.listener.accept(masked);
      }
      notifyAll();
      return masked;
    }
  }

  /** Stores a stamped event. Under the lock. */
  private void keep(BuildEvent stamped) {
    if (recent == null) {
      recent = new BuildEvent[RECENT];
      firstRecent = events.size();
    }
    // A long line is decoded when read instead: 4,096 of the longest would hold 128 MB here.
    recent[events.size() % RECENT] = stamped.message() == null || stamped.message().length() <= RECENT_MESSAGE
        ? stamped : null;
    events.add(stamped);
    ended = stamped.isEnd();
  }

  /**
   * The time as events carry it; formatted once per millisecond, which saved the runtime's
   * thread half its work per event and the log a string per event under a fast stream.
   */
  private String now() {
    Instant t = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    long millis = t.toEpochMilli();
    if (millis != stampedMillis) {
      stampedMillis = millis;
      stampedTime = EventTime.format(t);
    }
    return stampedTime;
  }

  /** Events with seq greater than {@code afterSeq}, in order. */
  public List<BuildEvent> after(long afterSeq) {
    return after(afterSeq, Integer.MAX_VALUE);
  }

  /**
   * At most {@code max} events with seq greater than {@code afterSeq}, in order: a reader that
   * fell behind catches up in bounded steps instead of copying the whole rest of the log.
   * Older events are decoded outside the lock, so a reader never holds up the runtime's thread.
   */
  public List<BuildEvent> after(long afterSeq, int max) {
    EventStore.View view;
    BuildEvent[] out;
    int from;
    int decodeTo;
    synchronized (this) {
      int size = events.size();
      from = (int) Math.max(0, Math.min(afterSeq, size));
      int to = (int) Math.min(size, from + (long) Math.max(0, max));
      out = new BuildEvent[to - from];
      decodeTo = Math.max(from, Math.min(to, Math.max(firstRecent, size - RECENT)));
      for (int i = decodeTo; i < to; i++) {
        out[i - from] = recent[i % RECENT];
      }
      view = events.view();
    }
    view.decode(from, decodeTo, out, 0);
    for (int i = decodeTo; i < from + out.length; i++) {
      if (out[i - from] == null) {
        view.decode(i, i + 1, out, i - from);
      }
    }
    return Collections.unmodifiableList(Arrays.asList(out));
  }

  /**
   * Calls {@code listener} with every event after {@code afterSeq}, first the stored ones,
   * then each new one as it is appended. Close the returned handle to stop.
   */
  public AutoCloseable subscribe(long afterSeq, Consumer<BuildEvent> listener) {
    Subscriber s = new Subscriber(listener);
    synchronized (this) {
      // In batches: a late subscriber to a long log does not get it all decoded at once.
      for (long at = Math.max(0, afterSeq); at < events.size(); at += REPLAY_BATCH) {
        after(at, REPLAY_BATCH).forEach(listener);
      }
      subscribers.add(s);
    }
    return () -> subscribers.remove(s);
  }

  /** Blocks until an event after {@code afterSeq} exists or the timeout passes. */
  public List<BuildEvent> await(long afterSeq, long timeoutMillis) throws InterruptedException {
    return await(afterSeq, timeoutMillis, Integer.MAX_VALUE);
  }

  /** {@link #await(long, long)}, returning at most {@code max} events, as {@link #after(long, int)}. */
  public List<BuildEvent> await(long afterSeq, long timeoutMillis, int max) throws InterruptedException {
    synchronized (this) {
      long deadline = System.currentTimeMillis() + timeoutMillis;
      while (events.size() <= afterSeq && !ended) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          break;
        }
        wait(left);
      }
    }
    return after(afterSeq, max);
  }

  public synchronized boolean isEnded() {
    return ended;
  }

  public synchronized long lastSeq() {
    return events.size();
  }

  private record Subscriber(Consumer<BuildEvent> listener) {}
}
