package dev.templatestudio.app.studio.runtimes;

import dev.templatestudio.app.doctor.MachineNeeds;
import dev.templatestudio.app.studio.common.TaskRunner;
import java.util.List;
import java.util.concurrent.Callable;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * Runtime &gt; Check This Machine: what {@code template-studio doctor} reports, checked in the
 * background (the Docker Engine check connects) each time it is asked for. FX thread (no
 * toolkit needed).
 */
public final class MachineCheckViewModel {
  private final TaskRunner tasks;
  private final Callable<List<MachineNeeds.Group>> checker;
  private final ReadOnlyObjectWrapper<List<MachineNeeds.Group>> groups = new ReadOnlyObjectWrapper<>(this, "groups", List.of());
  private final ReadOnlyBooleanWrapper checking = new ReadOnlyBooleanWrapper(this, "checking");
  private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");

  /** @param checker reads the machine, off the FX thread ({@link MachineNeeds#check}) */
  public MachineCheckViewModel(TaskRunner tasks, Callable<List<MachineNeeds.Group>> checker) {
    this.tasks = tasks;
    this.checker = checker;
  }

  /** Checks the machine again, unless a check is running. */
  public void check() {
    if (checking.get()) {
      return;
    }
    checking.set(true);
    summary.set("Checking this machine\u2026");
    tasks.run(checker, found -> {
      groups.set(List.copyOf(found));
      summary.set(MachineNeeds.summary(found));
      checking.set(false);
    }, e -> {
      summary.set("The check itself failed: " + e.getMessage());
      checking.set(false);
    });
  }

  /** The needs found by the last check, by group; empty before the first one ends. */
  public ReadOnlyObjectProperty<List<MachineNeeds.Group>> groupsProperty() {
    return groups.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty checkingProperty() {
    return checking.getReadOnlyProperty();
  }

  /** Doctor's last line: nothing missing, or the commands that fix everything; or that it is checking. */
  public ReadOnlyStringProperty summaryProperty() {
    return summary.getReadOnlyProperty();
  }
}
