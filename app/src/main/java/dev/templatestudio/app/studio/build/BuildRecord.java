package dev.templatestudio.app.studio.build;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.EventLog;
import java.time.Instant;
import java.util.List;

/**
 * One finished build in a template's history; its events stay readable so the log can be
 * shown again.
 */
public record BuildRecord(String id, Instant started, String runtime, BuildEvent end, String summary,
    EventLog events) {

  public String status() {
    return end.status();
  }

  public List<BuildEvent> allEvents() {
    return events.after(0);
  }

  /** One line for the history list. */
  public String describe() {
    return summary + " \u00B7 " + runtime;
  }
}
