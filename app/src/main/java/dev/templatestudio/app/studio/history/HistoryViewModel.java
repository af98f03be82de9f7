package dev.templatestudio.app.studio.history;

import dev.templatestudio.app.studio.common.TaskRunner;
import dev.templatestudio.bridge.build.EventLog;
import dev.templatestudio.bridge.history.BuildLogArchive;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The finished builds of one document, newest first, and which of them has its log on show.
 * With an archive set they outlive the studio: each finished build is written there with its
 * whole log, the kept builds of a template are listed again when it opens, and only the newest
 * few logs stay in memory (older ones are read back when asked for). Disk work runs in the
 * background; what goes wrong is said in the build's summary line. FX thread.
 */
public final class HistoryViewModel {
  /** Finished builds whose logs stay in memory; older ones are read back from the archive. */
  static final int LOGS_IN_MEMORY = 3;

  private final TaskRunner tasks;
  private final Consumer<UnaryOperator<String>> summary;
  private final ObservableList<BuildRecord> records = FXCollections.observableArrayList();
  private final ReadOnlyObjectWrapper<BuildRecord> shown = new ReadOnlyObjectWrapper<>(this, "shown");
  private BuildLogArchive archive;
  /** Builds whose logs are in the archive, so their in-memory logs may go. */
  private final Set<String> archived = new HashSet<>();

  /**
   * @param summary changes the build's summary line: the history says there what went wrong
   */
  public HistoryViewModel(TaskRunner tasks, Consumer<UnaryOperator<String>> summary) {
    this.tasks = tasks;
    this.summary = summary;
  }

  /** Finished builds of this document, newest first. */
  public ObservableList<BuildRecord> records() {
    return records;
  }

  /** The build whose log is shown instead of the live one (its events at hand); null for the live log. */
  public ReadOnlyObjectProperty<BuildRecord> shownProperty() {
    return shown.getReadOnlyProperty();
  }

  /**
   * Keeps every finished build in {@code archive}, so that the builds of a template can be
   * looked at again after the studio was closed ({@link #load}).
   */
  public void keepIn(BuildLogArchive archive) {
    this.archive = archive;
  }

  /**
   * Adds the kept builds of the template named {@code templateName} to the list, in the
   * background; no-op without an archive.
   */
  public void load(String templateName) {
    if (archive == null || templateName == null) {
      return;
    }
    BuildLogArchive from = archive;
    tasks.run(() -> from.entries(templateName), entries -> {
      for (BuildLogArchive.Entry e : entries) {
        if (records.stream().noneMatch(r -> r.id().equals(e.id()))) {
          records.add(new BuildRecord(e, null));
        }
      }
    }, e -> summary.accept(s -> "The build history could not be read: " + e.getMessage()));
  }

  /** Shows the log of {@code record}, read back from the archive first if it was let go. */
  public void show(BuildRecord record) {
    if (record.loaded() || archive == null) {
      shown.set(record);
      return;
    }
    BuildLogArchive from = archive;
    tasks.run(() -> record.withEvents(from.events(record.entry().template(), record.id())), shown::set,
        e -> summary.accept(s -> "The log of that build could not be read: " + e.getMessage()));
  }

  /** Shows the live build's log again. */
  public void showLive() {
    shown.set(null);
  }

  /** Puts a finished build first, and writes it with its log to the archive in the background. */
  public void add(BuildLogArchive.Entry entry, EventLog log) {
    records.add(0, new BuildRecord(entry, log));
    if (archive == null) {
      return;
    }
    BuildLogArchive to = archive;
    tasks.run(() -> {
      to.record(entry, log.after(0));
      return entry;
    }, this::forgetOldLogs, e -> summary.accept(s -> s + " (not kept in the history: " + e.getMessage() + ")"));
  }

  /**
   * Lets go of the event logs of all but the newest few builds once {@code kept} is on disk: a
   * session of many builds would otherwise hold every log in memory.
   */
  private void forgetOldLogs(BuildLogArchive.Entry kept) {
    archived.add(kept.id());
    for (int i = LOGS_IN_MEMORY; i < records.size(); i++) {
      BuildRecord r = records.get(i);
      if (r.loaded() && archived.contains(r.id())) {
        records.set(i, new BuildRecord(r.entry(), null));
      }
    }
  }
}
