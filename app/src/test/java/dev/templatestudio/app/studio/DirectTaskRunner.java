package dev.templatestudio.app.studio;

import dev.templatestudio.app.studio.common.TaskRunner;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/** Runs tasks at once on the calling thread: view-model tests need no toolkit and no waiting. */
public final class DirectTaskRunner implements TaskRunner {
  @Override
  public <T> void run(Callable<T> work, Consumer<T> onDone, Consumer<Exception> onError) {
    T result;
    try {
      result = work.call();
    } catch (Exception e) {
      onError.accept(e);
      return;
    }
    onDone.accept(result);
  }
}
