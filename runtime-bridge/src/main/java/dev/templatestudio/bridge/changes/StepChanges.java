package dev.templatestudio.bridge.changes;

import java.util.Comparator;
import java.util.List;

/**
 * What one built step did to the file system: the paths its layer added, changed and removed,
 * and the layer's size. A layer may hold millions of paths, so only the biggest
 * {@link #changes} are kept; the counts and byte totals cover them all.
 *
 * @param step       the step's number (1…N)
 * @param message    the step as its build named it ({@code RUN …})
 * @param layerSize  the bytes of the step's layer in the image (0: the step made no layer)
 * @param hasLayer   false for a step that only changes the image's settings (env, user, …)
 * @param changes    the kept changes, sorted by path
 * @param added      how many paths were added, of all, kept or not (likewise changed, removed)
 * @param bytesAdded bytes of the added files plus the growth of the changed ones
 * @param omitted    changes left out of {@link #changes}: the smallest beyond the limit
 * @param unsafe     entries of the layer whose path climbs out of the image ({@code ../}),
 *                   which no tool unpacks, left out
 */
public record StepChanges(int step, String message, long layerSize, boolean hasLayer, List<FileChange> changes,
    int added, int changed, int removed, long bytesAdded, long bytesRemoved, int omitted, int unsafe) {

  public StepChanges {
    changes = List.copyOf(changes);
  }

  /** The kept changes, biggest first (by size, then path). */
  public List<FileChange> biggestFirst() {
    return changes.stream()
        .sorted(Comparator.comparingLong(FileChange::size).reversed().thenComparing(FileChange::path))
        .toList();
  }

  /** Every change, kept or not. */
  public int total() {
    return added + changed + removed;
  }
}
