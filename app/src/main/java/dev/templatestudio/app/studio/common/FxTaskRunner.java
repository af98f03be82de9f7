package dev.templatestudio.app.studio.common;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javafx.application.Platform;

/** A {@link TaskRunner} on daemon threads that reports back with {@code Platform.runLater}. */
public final class FxTaskRunner implements TaskRunner, AutoCloseable {
  private final ExecutorService executor;

  public FxTaskRunner() {
    AtomicInteger n = new AtomicInteger();
    executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "studio-task-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
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
