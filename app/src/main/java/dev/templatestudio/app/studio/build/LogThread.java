package dev.templatestudio.app.studio.build;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The studio's one daemon thread that takes in build events for the log views. */
final class LogThread {
  static final ExecutorService EXECUTOR = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "studio-log-ingest");
    t.setDaemon(true);
    return t;
  });

  private LogThread() {}
}
