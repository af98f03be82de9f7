package dev.templatestudio.app.studio.common;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Runs blocking work away from the UI thread and hands the outcome back to it. The studio
 * uses {@link FxTaskRunner}; view-model tests use one that runs everything at once.
 */
public interface TaskRunner {

  /**
   * Runs {@code work} in the background, then {@code onDone} with its result or
   * {@code onError} with its failure, both on the UI thread.
   */
  <T> void run(Callable<T> work, Consumer<T> onDone, Consumer<Exception> onError);
}
