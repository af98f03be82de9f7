package dev.templatestudio.app.studio.logview;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.EventLog;
import java.util.List;

/** A log to read by seq: the live build's event log or a past build's events. */
interface LogSource {
  /** At most {@code max} events after seq {@code seq}, in order. */
  List<BuildEvent> after(long seq, int max);

  long lastSeq();

  static LogSource of(EventLog log) {
    return new LogSource() {
      @Override
      public List<BuildEvent> after(long seq, int max) {
        return log.after(seq, max);
      }

      @Override
      public long lastSeq() {
        return log.lastSeq();
      }
    };
  }

  static LogSource of(List<BuildEvent> events) {
    return new LogSource() {
      @Override
      public List<BuildEvent> after(long seq, int max) {
        int from = (int) Math.min(seq, events.size());
        return events.subList(from, (int) Math.min(events.size(), from + (long) max));
      }

      @Override
      public long lastSeq() {
        return events.size();
      }
    };
  }
}
