package dev.templatestudio.app.studio.build;

import dev.templatestudio.app.studio.common.BackgroundPriority;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The studio's one daemon thread that takes in build events for the log views, at background priority. */
final class LogThread {
  static final ExecutorService EXECUTOR = Executors.newSingleThreadExecutor(BackgroundPriority.threads("studio-log-ingest"));

  private LogThread() {}
}
