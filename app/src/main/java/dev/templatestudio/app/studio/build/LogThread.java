package dev.templatestudio.app.studio.build;

import dev.templatestudio.app.studio.common.BackgroundPriority;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The studio's daemon threads for the log views, at background priority. */
final class LogThread {
  /** Takes in build events for the log views. */
  static final ExecutorService EXECUTOR = Executors.newSingleThreadExecutor(BackgroundPriority.threads("studio-log-ingest"));
  /** Searches the logs: a long search of a big log never holds up the taking in of events. */
  static final ExecutorService SEARCH = Executors.newSingleThreadExecutor(BackgroundPriority.threads("studio-log-search"));

  private LogThread() {}
}
