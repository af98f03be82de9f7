package dev.templatestudio.bridge.embedded.changes;

import dev.templatestudio.bridge.changes.FileChange;
import dev.templatestudio.bridge.changes.StepChanges;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Counts every change of a layer and keeps only the biggest {@code limit}: the view shows a
 * few thousand rows at most, and a layer of a million files must not hold a million records.
 * One thread.
 */
final class KeptChanges {
  /** The smallest first, so the heap's head is the one to drop. */
  private static final Comparator<FileChange> SMALLEST_FIRST =
      Comparator.comparingLong(FileChange::size).thenComparing(FileChange::path, Comparator.reverseOrder());

  private final int limit;
  private final PriorityQueue<FileChange> kept = new PriorityQueue<>(SMALLEST_FIRST);
  private int added;
  private int changed;
  private int removed;
  private long bytesAdded;
  private long bytesRemoved;
  private int omitted;

  KeptChanges(int limit) {
    this.limit = limit;
  }

  void add(FileChange change) {
    switch (change.kind()) {
      case ADDED:
        added++;
        break;
      case CHANGED:
        changed++;
        break;
      default:
        removed++;
    }
    long delta = change.delta();
    if (delta >= 0) {
      bytesAdded += delta;
    } else {
      bytesRemoved -= delta;
    }
    kept.add(change);
    if (kept.size() > limit) {
      kept.poll();
      omitted++;
    }
  }

  StepChanges finish(int step, String message, long layerSize, boolean hasLayer, int unsafe) {
    return finish(step, message, layerSize, hasLayer, unsafe, 0);
  }

  /** @param notCompared changes that were never looked at (past a bound), counted as omitted */
  StepChanges finish(int step, String message, long layerSize, boolean hasLayer, int unsafe, int notCompared) {
    List<FileChange> byPath = new ArrayList<>(kept);
    byPath.sort(Comparator.comparing(FileChange::path));
    return new StepChanges(step, message, layerSize, hasLayer, byPath, added, changed, removed, bytesAdded,
        bytesRemoved, omitted + notCompared, unsafe);
  }
}
