package dev.templatestudio.bridge.build;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The append-only event history of one build. Stamps each event with the next {@code seq}
 * (from 1, no gaps), the time and the build id, masks secrets, and replays history to late
 * subscribers before they see live events: a reader can (re)connect from any seq.
 * Thread-safe; listeners are called on the appending thread, in seq order.
 */
public final class EventLog {
  private final String buildId;
  private final SecretMasker masker;
  private final Clock clock;
  private final List<BuildEvent> events = new ArrayList<>();
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
  }

  /** Restores a log from stored events (already stamped and masked), e.g. after a restart. */
  public static EventLog restored(String buildId, List<BuildEvent> stored) {
    EventLog log = new EventLog(buildId, SecretMasker.none());
    log.events.addAll(stored);
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
      events.add(stamped);
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
      events.add(masked);
      for (Subscriber s : subscribers) {
        s.listener.accept(masked);
      }
      notifyAll();
      return masked;
    }
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
      stampedTime = DateTimeFormatter.ISO_INSTANT.format(t);
    }
    return stampedTime;
  }

  /** Events with seq greater than {@code afterSeq}, in order. */
  public synchronized List<BuildEvent> after(long afterSeq) {
    int from = (int) Math.max(0, Math.min(afterSeq, events.size()));
    return List.copyOf(events.subList(from, events.size()));
  }

  /**
   * At most {@code max} events with seq greater than {@code afterSeq}, in order: a reader that
   * fell behind catches up in bounded steps instead of copying the whole rest of the log.
   */
  public synchronized List<BuildEvent> after(long afterSeq, int max) {
    int from = (int) Math.max(0, Math.min(afterSeq, events.size()));
    int to = (int) Math.min(events.size(), from + (long) Math.max(0, max));
    return List.copyOf(events.subList(from, to));
  }

  /**
   * Calls {@code listener} with every event after {@code afterSeq}, first the stored ones,
   * then each new one as it is appended. Close the returned handle to stop.
   */
  public AutoCloseable subscribe(long afterSeq, Consumer<BuildEvent> listener) {
    Subscriber s = new Subscriber(listener);
    synchronized (this) {
      after(afterSeq).forEach(listener);
      subscribers.add(s);
    }
    return () -> subscribers.remove(s);
  }

  /** Blocks until an event after {@code afterSeq} exists or the timeout passes. */
  public synchronized List<BuildEvent> await(long afterSeq, long timeoutMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (events.size() <= afterSeq && !isEnded()) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        break;
      }
      wait(left);
    }
    return after(afterSeq);
  }

  public synchronized boolean isEnded() {
    return !events.isEmpty() && events.get(events.size() - 1).isEnd();
  }

  public synchronized long lastSeq() {
    return events.size();
  }

  private record Subscriber(Consumer<BuildEvent> listener) {}
}
