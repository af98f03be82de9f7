package dev.templatestudio.app.studio.runtimes;

import dev.templatestudio.app.studio.common.TaskRunner;
import dev.templatestudio.bridge.embedded.prune.PruneOptions;
import dev.templatestudio.bridge.embedded.prune.PruneReport;
import dev.templatestudio.bridge.embedded.prune.StorePruner;
import dev.templatestudio.bridge.embedded.store.Store;
import java.nio.file.Path;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;

/**
 * The embedded runtime's store on disk, for the Runtime menu: its size, and pruning it as
 * {@code template-studio prune} does (with {@code --all} when templates may go too). Sizes and
 * prunes are worked out in the background; a prune while a build or machine uses the store is
 * refused, not waited for. FX thread.
 */
public final class StoreViewModel {
  private final Path store;
  private final TaskRunner tasks;
  private final ReadOnlyStringWrapper sizeText = new ReadOnlyStringWrapper(this, "sizeText", "Store: not measured yet");
  private final ReadOnlyObjectWrapper<PruneReport> plan = new ReadOnlyObjectWrapper<>(this, "plan");
  private final ReadOnlyStringWrapper outcome = new ReadOnlyStringWrapper(this, "outcome", "");
  private final ReadOnlyBooleanWrapper working = new ReadOnlyBooleanWrapper(this, "working");
  private final BooleanProperty all = new SimpleBooleanProperty(this, "all");
  /** Made in the background on first use: it remembers the sizes of unpacked layers. */
  private volatile StorePruner pruner;
  private boolean measuring;

  public StoreViewModel(Path store, TaskRunner tasks) {
    this.store = store;
    this.tasks = tasks;
    all.addListener((o, was, now) -> planPrune());
  }

  /** What the Runtime menu shows: {@code Store: 2.4 GB}, while measuring {@code Store: measuring…}. */
  public ReadOnlyStringProperty sizeTextProperty() {
    return sizeText.getReadOnlyProperty();
  }

  /** What a prune would remove now (a dry run); null until worked out. */
  public ReadOnlyObjectProperty<PruneReport> planProperty() {
    return plan.getReadOnlyProperty();
  }

  /** What the last prune did, or why it did not, in a sentence; empty before. */
  public ReadOnlyStringProperty outcomeProperty() {
    return outcome.getReadOnlyProperty();
  }

  /** True while a size, a plan or a prune is being worked out. */
  public ReadOnlyBooleanProperty workingProperty() {
    return working.getReadOnlyProperty();
  }

  /** Whether templates (and their layers) may go too, as {@code prune --all}. */
  public BooleanProperty allProperty() {
    return all;
  }

  public Path store() {
    return store;
  }

  /** Measures the store in the background (once at a time: asking again meanwhile does nothing). */
  public void measure() {
    if (measuring) {
      return;
    }
    measuring = true;
    sizeText.set("Store: measuring\u2026");
    tasks.run(() -> pruner().size(), bytes -> {
      measuring = false;
      sizeText.set("Store: " + PruneReport.size(bytes));
    }, e -> {
      measuring = false;
      sizeText.set("Store: cannot be measured (" + e.getMessage() + ")");
    });
  }

  /** Works out what a prune would remove, in the background. */
  public void planPrune() {
    working.set(true);
    plan.set(null);
    boolean withTemplates = all.get();
    tasks.run(() -> pruner().dryRun(new PruneOptions(-1, withTemplates), null), report -> {
      working.set(false);
      if (withTemplates == all.get()) {
        plan.set(report);
        sizeText.set("Store: " + PruneReport.size(report.beforeBytes()));
      }
    }, this::failed);
  }

  /** Prunes in the background; the outcome says what it freed, or that the store was in use. */
  public void prune() {
    working.set(true);
    outcome.set("");
    boolean withTemplates = all.get();
    tasks.run(() -> pruner().tryPrune(new PruneOptions(-1, withTemplates), null), report -> {
      working.set(false);
      if (report == null) {
        outcome.set("A build or a machine is using the store: prune once it has ended.");
        return;
      }
      outcome.set(report.isEmpty() ? "Nothing to prune." : "Freed " + PruneReport.size(report.freedBytes())
          + "; the store is now " + PruneReport.size(report.afterBytes()) + ".");
      sizeText.set("Store: " + PruneReport.size(report.afterBytes()));
      planPrune();
    }, this::failed);
  }

  private void failed(Exception e) {
    working.set(false);
    outcome.set("The store could not be pruned: " + e.getMessage());
  }

  private StorePruner pruner() throws java.io.IOException {
    StorePruner p = pruner;
    if (p == null) {
      p = new StorePruner(Store.open(store));
      pruner = p;
    }
    return p;
  }
}
