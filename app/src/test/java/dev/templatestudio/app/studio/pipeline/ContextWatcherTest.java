package dev.templatestudio.app.studio.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watch of a context folder: changes deep in it, in new folders, and none after close. */
class ContextWatcherTest {
  @TempDir Path dir;

  @Test
  void reportsChangesInNestedAndNewFoldersUntilClosed() throws Exception {
    Files.createDirectories(dir.resolve("site/css"));
    Files.writeString(dir.resolve("site/css/a.css"), "a");
    Semaphore changes = new Semaphore(0);
    ContextWatcher watcher = new ContextWatcher(dir, changes::release);
    try {
      Files.writeString(dir.resolve("site/css/a.css"), "b");
      assertThat(changes.tryAcquire(10, TimeUnit.SECONDS)).as("a changed file two folders down").isTrue();
      Files.createDirectories(dir.resolve("site/js"));
      assertThat(changes.tryAcquire(10, TimeUnit.SECONDS)).as("a new folder").isTrue();
      Thread.sleep(200);
      changes.drainPermits();
      Files.writeString(dir.resolve("site/js/app.js"), "x");
      assertThat(changes.tryAcquire(10, TimeUnit.SECONDS)).as("a file in the new folder").isTrue();
    } finally {
      watcher.close();
    }
    changes.drainPermits();
    Files.writeString(dir.resolve("site/css/a.css"), "c");
    assertThat(changes.tryAcquire(1, TimeUnit.SECONDS)).as("nothing after close").isFalse();
    assertThat(Thread.getAllStackTraces().keySet().stream().map(Thread::getName))
        .doesNotContain("studio-context-watch");
  }
}
