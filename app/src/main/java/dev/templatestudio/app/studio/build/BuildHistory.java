package dev.templatestudio.app.studio.build;

import dev.templatestudio.app.studio.common.TaskRunner;
import dev.templatestudio.bridge.build.EventLog;
import dev.templatestudio.bridge.history.BuildLogArchive;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The finished builds of one document, newest first. With an archive set they outlive the
 * studio: each finished build is written there with its whole log, the kept builds of a
 * template are listed again when it opens, and only the newest few logs stay in memory (older
 * ones are read back when asked for). Disk work runs in the background; what goes wrong is
 * said in the build summary. FX thread.
 */
final class BuildHistory {
  /** Finished builds whose logs stay in memory; older ones are read back from the archive. */
  static final int LOGS_IN_MEMORY = 3;

  private final TaskRunner tasks;
  private final StringProperty summary;
  private final ObservableList<BuildRecord> records = FXCollections.observableArrayList();
  private BuildLogArchive archive;
  /** Builds whose logs are in the archive, so their in-memory logs may go. */
  private final Set<String> archived = new HashSet<>();

  BuildHistory(TaskRunner tasks, StringProperty summary) {
    this.tasks = tasks;
    this.summary = summary;
  }

  ObservableList<BuildRecord> records() {
    return records;
  }

  void keepIn(BuildLogArchive archive) {
    this.archive = archive;
  }

  /** Adds the kept builds of the template named {@code templateName}; no-op without an archive. */
  void load(String templateName) {
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
    }, e -> summary.set("The build history could not be read: " + e.getMessage()));
  }

  /** Hands {@code record} to {@code onRead} with its events, read back from the archive first if they were let go. */
  void withEvents(BuildRecord record, Consumer<BuildRecord> onRead) {
    if (record.loaded() || archive == null) {
      onRead.accept(record);
      return;
    }
    BuildLogArchive from = archive;
    tasks.run(() -> record.withEvents(from.events(record.entry().template(), record.id())), onRead,
        e -> summary.set("The log of that build could not be read: " + e.getMessage()));
  }

  /** Puts a finished build first, and writes it with its log to the archive in the background. */
  void add(BuildLogArchive.Entry entry, EventLog log) {
    records.add(0, new BuildRecord(entry, log));
    if (archive == null) {
      return;
    }
    BuildLogArchive to = archive;
    tasks.run(() -> {
      to.record(entry, log.after(0));
      return entry;
    }, this::forgetOldLogs, e -> summary.set(summary.get() + " (not kept in the history: " + e.getMessage() + ")"));
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
