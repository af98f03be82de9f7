package dev.templatestudio.app.studio.history;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.EventLog;
import dev.templatestudio.bridge.history.BuildLogArchive;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * One finished build in a template's history. A build of this run keeps its event log; one
 * read back from the {@link BuildLogArchive} of an earlier run has none until its log is asked for
 * ({@link #events} null), because a log can be large.
 */
public record BuildRecord(BuildLogArchive.Entry entry, EventLog events) {
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
      .withZone(ZoneId.systemDefault());

  public String id() {
    return entry.id();
  }

  public BuildEvent end() {
    return entry.end();
  }

  public String status() {
    return entry.end().status();
  }

  public Instant started() {
    return Instant.ofEpochMilli(entry.startedMillis());
  }

  /** Whether its events are at hand (else they are read from the history first). */
  public boolean loaded() {
    return events != null;
  }

  /** This build with its events read back. */
  public BuildRecord withEvents(List<BuildEvent> read) {
    return new BuildRecord(entry, EventLog.restored(entry.id(), read));
  }

  public List<BuildEvent> allEvents() {
    return events == null ? List.of() : events.after(0);
  }

  /** Its event log: an empty one when its events are not at hand. */
  public EventLog log() {
    return events != null ? events : EventLog.restored(entry.id(), List.of());
  }

  /** One line for the history list: when, where, the outcome (which ends with the long ref). */
  public String describe() {
    return WHEN.format(started()) + "  " + entry.runtime() + " \u00B7 " + entry.summary();
  }
}
