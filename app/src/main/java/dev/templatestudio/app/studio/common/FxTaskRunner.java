package dev.templatestudio.app.studio.common;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javafx.application.Platform;

/**
 * A {@link TaskRunner} on daemon threads of background priority ({@link BackgroundPriority}) that
 * reports back with {@code Platform.runLater}.
 */
public final class FxTaskRunner implements TaskRunner, AutoCloseable {
  private final ExecutorService executor;

  public FxTaskRunner() {
    // Builds start here, so their runtime's threads and sandboxed commands inherit the lower priority.
    executor = Executors.newCachedThreadPool(BackgroundPriority.threads("studio-task"));
  }

  @Override
  public <T> void run(Callable<T> work, Consumer<T> onDone, Consumer<Exception> onError) {
    if (executor.isShutdown()) {
      // The studio is closing: late work (an autosave tick, say) has nowhere to report to.
      return;
    }
    executor.execute(() -> {
      try {
        T result = work.call();
        Platform.runLater(() -> onDone.accept(result));
      } catch (Exception e) {
        Platform.runLater(() -> onError.accept(e));
      }
    });
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
