package dev.templatestudio.app.studio.build;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The studio's daemon threads for the log views. */
final class LogThread {
  /** Takes in build events for the log views. */
  static final ExecutorService EXECUTOR = daemon("studio-log-ingest");
  /** Searches the logs: a long search of a big log never holds up the taking in of events. */
  static final ExecutorService SEARCH = daemon("studio-log-search");

  private LogThread() {}

  private static ExecutorService daemon(String name) {
    return Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }
}
