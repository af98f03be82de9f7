package dev.templatestudio.bridge.server;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.EventJournal;
import dev.templatestudio.bridge.build.EventLog;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * Where an event stream reads a build's events: the log of a running build, or the record of a
 * finished one on disk ({@link EventJournal}), in bounded batches either way, so a stream's
 * memory does not depend on the length of the log. One stream's thread; close when done.
 */
interface EventFeed extends Closeable {
  /** Events read from a log at a time. */
  int BATCH = 1024;

  /** The next events after seq {@code after}, waiting up to {@code waitMillis} for one when more may come. */
  List<BuildEvent> next(long after, long waitMillis) throws IOException, InterruptedException;

  /** True when no event after {@code after} will come. */
  boolean finished(long after);

  /** The events of a running build, as its log gets them. */
  static EventFeed live(EventLog log) {
    return new EventFeed() {
      @Override
      public List<BuildEvent> next(long after, long waitMillis) throws InterruptedException {
        return log.await(after, waitMillis, BATCH);
      }

      @Override
      public boolean finished(long after) {
        return log.isEnded() && log.lastSeq() <= after;
      }

      @Override
      public void close() {
        // The log belongs to the build.
      }
    };
  }

  /** The events of a finished build, read from its record. */
  static EventFeed stored(EventJournal reader) {
    return new EventFeed() {
      @Override
      public List<BuildEvent> next(long after, long waitMillis) throws IOException {
        return reader.next(after, BATCH);
      }

      @Override
      public boolean finished(long after) {
        return reader.atEnd();
      }

      @Override
      public void close() throws IOException {
        reader.close();
      }
    };
  }
}
