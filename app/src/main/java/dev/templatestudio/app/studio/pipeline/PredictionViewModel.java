package dev.templatestudio.app.studio.pipeline;

import dev.templatestudio.app.studio.common.CachePredictions;
import dev.templatestudio.app.studio.common.TaskRunner;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.build.CachePrediction;
import dev.templatestudio.bridge.template.CopyStep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javafx.animation.PauseTransition;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableMap;
import javafx.util.Duration;

/**
 * The predicted cache state of each card before a build: whether the build would take the
 * part from the cache, and if not the reason it would give. Asked again {@link #DEBOUNCE} after
 * the last {@link #request} (an edit, a file changed in the context, a build ended), worked out
 * by {@link CachePredictions} on the task runner, one at a time; a newer request makes a
 * running one give up at its next file, and its answer is dropped. While the template has copy
 * steps its context folder is watched ({@link ContextWatcher}). FX thread, except the watch.
 */
public final class PredictionViewModel implements AutoCloseable {
  /** How long after the last edit a prediction starts: typing a word asks once. */
  public static final Duration DEBOUNCE = Duration.millis(300);
  private final TaskRunner tasks;
  private CachePredictions predictions = CachePredictions.NONE;
  private final Executor fxThread;
  private final Supplier<BuildRequest> requests;
  private final ObservableMap<Integer, CachePrediction.Step> steps = FXCollections.observableHashMap();
  private final ReadOnlyObjectWrapper<CachePrediction> latest = new ReadOnlyObjectWrapper<>(this, "latest");
  /** Raised by every request: a prediction started under an older number is stale. */
  private final AtomicLong generation = new AtomicLong();
  private final AtomicReference<ContextWatcher> watcher = new AtomicReference<>();
  private PauseTransition debounce;
  private boolean running;
  private boolean startWhenDone;
  private boolean paused;
  private volatile boolean closed;

  /**
   * Predicts nothing until {@link #use} gives it a way to.
   *
   * @param fxThread runs a task on the FX thread ({@code Platform::runLater})
   * @param requests the request a build of the document would make now
   */
  public PredictionViewModel(TaskRunner tasks, Executor fxThread, Supplier<BuildRequest> requests) {
    this.tasks = tasks;
    this.fxThread = fxThread;
    this.requests = requests;
  }

  /** Predicts with {@code with} from now on ({@link CachePredictions#NONE}: no badges), starting now. */
  public void use(CachePredictions with) {
    predictions = with;
    if (with == CachePredictions.NONE) {
      generation.incrementAndGet();
      show(null);
    } else {
      request();
    }
  }

  /** Each part's predicted cache event (0 base, 1…N steps); empty while none is known. */
  public ObservableMap<Integer, CachePrediction.Step> steps() {
    return steps;
  }

  /** The last prediction shown; null while none is (none made yet, a build running, no runtime support). */
  public ReadOnlyObjectProperty<CachePrediction> latestProperty() {
    return latest.getReadOnlyProperty();
  }

  /** Asks for a new prediction once edits pause; what is shown stays until it comes. */
  public void request() {
    generation.incrementAndGet();
    if (closed || predictions == CachePredictions.NONE) {
      return;
    }
    if (debounce == null) {
      debounce = new PauseTransition(DEBOUNCE);
      debounce.setOnFinished(e -> start());
    }
    debounce.playFromStart();
  }

  /**
   * Hides the predictions while a build runs (it changes the cache under them) and asks again
   * when it has ended.
   */
  public void setPaused(boolean paused) {
    this.paused = paused;
    if (paused) {
      generation.incrementAndGet();
      show(null);
    } else {
      request();
    }
  }

  private void start() {
    if (closed || paused) {
      return;
    }
    if (running) {
      startWhenDone = true;
      return;
    }
    BuildRequest request = requests.get();
    long asked = generation.get();
    boolean hasCopies = request.template().steps().stream().anyMatch(CopyStep.class::isInstance);
    Path watched = hasCopies && request.context() != null ? request.context().toAbsolutePath() : null;
    running = true;
    tasks.run(() -> {
      watch(watched);
      return predictions.predict(request, () -> generation.get() != asked || closed);
    }, result -> done(asked, result), e -> done(asked, e instanceof CancellationException ? null : Optional.empty()));
  }

  /** @param result null when the prediction gave up: what is shown stays */
  private void done(long asked, Optional<CachePrediction> result) {
    running = false;
    if (result != null && asked == generation.get() && !paused) {
      // A prediction that failed on a file shows nothing: no badge is better than a wrong one.
      show(result.orElse(null));
    }
    if (startWhenDone) {
      startWhenDone = false;
      start();
    }
  }

  private void show(CachePrediction prediction) {
    latest.set(prediction);
    if (prediction == null) {
      steps.clear();
      return;
    }
    steps.keySet().removeIf(part -> prediction.step(part) == null);
    for (CachePrediction.Step step : prediction.steps()) {
      if (!step.equals(steps.get(step.step()))) {
        steps.put(step.step(), step);
      }
    }
  }

  /** Watches {@code dir} (null: nothing) from now on. Background thread, one prediction at a time. */
  private void watch(Path dir) throws IOException {
    ContextWatcher current = watcher.get();
    if (current != null && current.root().equals(dir)) {
      return;
    }
    if (current != null && watcher.compareAndSet(current, null)) {
      current.close();
    }
    if (dir != null && Files.isDirectory(dir) && !closed) {
      ContextWatcher fresh = new ContextWatcher(dir, () -> fxThread.execute(this::request));
      watcher.set(fresh);
      // Closed meanwhile: close() found nothing to stop, so this is stopped here.
      if (closed && watcher.compareAndSet(fresh, null)) {
        fresh.close();
      }
    }
  }

  /** Stops predicting and watching: the document closed. */
  @Override
  public void close() {
    closed = true;
    generation.incrementAndGet();
    if (debounce != null) {
      debounce.stop();
    }
    ContextWatcher current = watcher.getAndSet(null);
    if (current != null) {
      try {
        current.close();
      } catch (IOException e) {
        // Its thread ends with the closed service either way.
      }
    }
  }
}
