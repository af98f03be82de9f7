package dev.templatestudio.app.studio.push;

import dev.templatestudio.app.studio.common.RuntimeSource;
import dev.templatestudio.bridge.build.Runtime;
import dev.templatestudio.bridge.embedded.EmbeddedRuntime;
import dev.templatestudio.bridge.embedded.image.ImageSourceException;
import dev.templatestudio.bridge.embedded.image.PushProgress;
import dev.templatestudio.bridge.embedded.image.RegistryCredentials;
import dev.templatestudio.bridge.embedded.image.RegistryPush;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.embedded.store.StoreGate;
import dev.templatestudio.bridge.embedded.store.TemplateIndex;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * One push of a built template to a registry, as {@code template-studio push REF DEST} does: on
 * the embedded runtime's store, held shared so a prune waits, with this user's logins. The push
 * runs on its own thread (Cancel interrupts it); its progress reaches the FX thread at most
 * every {@link #FRAME_NANOS}. Properties are read and set on the FX thread.
 */
public final class PushViewModel {
  /** Progress is shown at most ten times a second: a fast registry would flood the FX thread. */
  static final long FRAME_NANOS = 100_000_000L;
  static final String CANCELLED = "Cancelled: what was uploaded stays in the registry, and Push carries on from there.";
  private final String ref;
  private final RuntimeSource runtimes;
  private final Consumer<Runnable> fx;
  private final StringProperty destination = new SimpleStringProperty(this, "destination", "");
  private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
  private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
  private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper(this, "progressText", "");
  private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
  private final ReadOnlyStringWrapper digest = new ReadOnlyStringWrapper(this, "digest", "");
  private Thread worker;
  private volatile boolean cancelled;

  /**
   * @param ref      the canonical ref of the ready build to push
   * @param runtimes opens the runtime that built it (only the embedded one can push)
   * @param fx       runs a task on the FX thread ({@code Platform::runLater})
   */
  public PushViewModel(String ref, RuntimeSource runtimes, Consumer<Runnable> fx) {
    this.ref = ref;
    this.runtimes = runtimes;
    this.fx = fx;
  }

  public String ref() {
    return ref;
  }

  /** Where to: {@code registry/repository:tag}. */
  public StringProperty destinationProperty() {
    return destination;
  }

  public ReadOnlyBooleanProperty runningProperty() {
    return running.getReadOnlyProperty();
  }

  /** 0..1 of the template's bytes in the registry; -1 while the push starts. */
  public ReadOnlyDoubleProperty progressProperty() {
    return progress.getReadOnlyProperty();
  }

  /** Bytes and blobs so far, e.g. {@code 1.2 of 1.9 MB · 2 blobs (1 uploaded, 1 already there)}. */
  public ReadOnlyStringProperty progressTextProperty() {
    return progressText.getReadOnlyProperty();
  }

  /** The outcome in one sentence: pushed, cancelled, or why it failed; empty before. */
  public ReadOnlyStringProperty messageProperty() {
    return message.getReadOnlyProperty();
  }

  /** The pushed manifest digest; empty until a push succeeded. */
  public ReadOnlyStringProperty digestProperty() {
    return digest.getReadOnlyProperty();
  }

  /** Starts pushing to the destination; does nothing while a push runs or without a destination. */
  public void push() {
    String dest = destination.get() == null ? "" : destination.get().strip();
    if (running.get() || dest.isEmpty()) {
      return;
    }
    cancelled = false;
    running.set(true);
    progress.set(-1);
    progressText.set("Starting\u2026");
    message.set("");
    digest.set("");
    PushTally tally = new PushTally();
    worker = new Thread(() -> run(dest, tally), "push " + ref);
    worker.setDaemon(true);
    worker.start();
  }

  /** Stops the running push; the blobs it uploaded stay in the registry, and a next push resumes. */
  public void cancel() {
    Thread w = worker;
    if (running.get() && w != null) {
      cancelled = true;
      w.interrupt();
    }
  }

  private void run(String dest, PushTally tally) {
    long started = System.nanoTime();
    try (Runtime runtime = runtimes.open()) {
      if (!(runtime instanceof EmbeddedRuntime embedded)) {
        throw new Refusal("Push works for builds on this machine's embedded runtime, not on "
            + runtime.describe() + "; build there, or push with template-studio push on the build machine.");
      }
      Store store = embedded.store();
      try (StoreGate.Hold hold = StoreGate.shared(store.root(),
          () -> fx.accept(() -> progressText.set("Waiting for a prune of the store to finish\u2026")))) {
        TemplateIndex.Resolved resolved = store.templates().resolve(ref).orElseThrow(() -> new Refusal(
            "The store no longer holds " + ref + " (pruned?): build it again, then push."));
        tally.total(store.templates().read(resolved.name())
            .map(e -> e.sizes().getOrDefault(resolved.manifestDigest(), 0L)).orElse(0L));
        RegistryPush.Result result = RegistryPush.push(store.blobs(), resolved.ref(), resolved.manifestDigest(), dest,
            RegistryCredentials.current(), progress(tally));
        double seconds = (System.nanoTime() - started) / 1e9;
        fx.accept(() -> ended(tally, String.format(Locale.ROOT, "Pushed to %s in %.1f s (%d uploaded, %d already there, %d mounted).",
            result.reference(), seconds, result.uploaded(), result.existed(), result.mounted()), result.digest()));
      }
    } catch (CancellationException | InterruptedIOException e) {
      fx.accept(() -> ended(tally, CANCELLED, ""));
    } catch (Refusal e) {
      fx.accept(() -> ended(tally, e.getMessage(), ""));
    } catch (IOException | RuntimeException e) {
      // A registry's refusal is ImageSourceException's one sentence; anything else (a registry
      // that cannot be reached) has the client's short message: no stack trace either way.
      String why = cancelled ? CANCELLED
          : sentence("the push to " + dest + " failed: " + (e instanceof ImageSourceException || !(e instanceof IOException)
              ? e.getMessage() : "the registry cannot be reached (" + e.getMessage() + ")"));
      fx.accept(() -> ended(tally, why, ""));
    }
  }

  private PushProgress progress(PushTally tally) {
    return (blob, done, total, state) -> {
      if (cancelled) {
        throw new CancellationException("push cancelled");
      }
      if (tally.record(blob, done, total, state, System.nanoTime(), FRAME_NANOS)) {
        fx.accept(() -> show(tally));
      }
    };
  }

  private void show(PushTally tally) {
    tally.shown();
    if (running.get()) {
      progress.set(tally.fraction());
      progressText.set(tally.text());
    }
  }

  private void ended(PushTally tally, String outcome, String pushed) {
    running.set(false);
    worker = null;
    progress.set(pushed.isEmpty() ? tally.fraction() : 1);
    progressText.set(tally.text());
    message.set(outcome);
    digest.set(pushed);
  }

  /** A reason this studio gives itself, already one sentence. */
  private static final class Refusal extends IOException {
    Refusal(String message) {
      super(message);
    }
  }

  /** A message as one sentence: capitalised, with its full stop. */
  static String sentence(String text) {
    String t = text.strip();
    if (t.isEmpty()) {
      return "The push failed.";
    }
    t = Character.toUpperCase(t.charAt(0)) + t.substring(1);
    return t.endsWith(".") ? t : t + ".";
  }
}
