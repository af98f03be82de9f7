package dev.templatestudio.bridge.embedded.prune;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one prune removes, decided from an inventory before anything is deleted:
 *
 * <ol>
 *   <li>nothing, when a bound to keep is given and the store is no larger;
 *   <li>else what nothing uses: blobs and layers no cache entry or template names, scratch
 *       dirs of builds that died, temp files;
 *   <li>then units least recently used first: cache entries that keep a layer no template
 *       keeps (or whose layer is gone), uploaded contexts, and with {@code all} templates;
 *       each takes the blobs and layers only it kept. Without a bound every such unit goes;
 *       with one, they go until the store is no larger than it.
 * </ol>
 *
 * A cache entry whose layers all belong to templates stays: removing it would free nothing
 * and only make the next build run its step again. Immutable.
 */
final class PrunePlan {
  final long beforeBytes;
  final List<PruneUnit> units = new ArrayList<>();
  /** Blob and layer keys to delete, with their sizes. */
  final Map<String, Long> items = new LinkedHashMap<>();
  final Map<Path, Long> scratch = new LinkedHashMap<>();
  private long freed;

  private PrunePlan(long beforeBytes) {
    this.beforeBytes = beforeBytes;
  }

  long freedBytes() {
    return freed;
  }

  /** The plan for {@code inv}; {@code extras} are asked for their units only when anything is to go. */
  static PrunePlan make(StoreInventory inv, Prunable extras, PruneOptions options) throws IOException {
    PrunePlan plan = new PrunePlan(inv.totalBytes());
    if (options.keeps() && plan.beforeBytes <= options.keepBytes()) {
      return plan;
    }
    Map<String, Integer> users = new HashMap<>();
    List<PruneUnit> all = new ArrayList<>(inv.cacheEntries);
    all.addAll(inv.templates);
    for (PruneUnit u : all) {
      for (String r : u.refs()) {
        users.merge(r, 1, Integer::sum);
      }
    }
    for (Map.Entry<String, Long> item : inv.itemBytes.entrySet()) {
      if (!users.containsKey(item.getKey())) {
        plan.free(item.getKey(), item.getValue());
      }
    }
    inv.staleWork.forEach(plan::freeScratch);
    inv.tempFiles.forEach(plan::freeScratch);

    Set<String> kept = new HashSet<>();
    if (!options.all()) {
      inv.templates.forEach(t -> kept.addAll(t.refs()));
    }
    List<PruneUnit> candidates = new ArrayList<>(extras == null ? List.of() : extras.units());
    for (PruneUnit u : inv.cacheEntries) {
      boolean dangling = u.heavyRefs().stream().anyMatch(r -> !inv.itemBytes.containsKey(r));
      boolean freesLayers = u.heavyRefs().stream().anyMatch(r -> !kept.contains(r));
      boolean wipe = options.all() && !options.keeps();
      if (dangling || freesLayers || wipe) {
        candidates.add(u);
      }
    }
    // A cache mount keeps no layer: it goes by its last use, like a cache entry.
    candidates.addAll(inv.cacheMounts);
    if (options.all()) {
      candidates.addAll(inv.templates);
    }
    candidates.sort(Comparator.comparingLong(PruneUnit::lastUsed).thenComparing(PruneUnit::id));
    for (PruneUnit u : candidates) {
      if (options.keeps() && plan.afterBytes() <= options.keepBytes()) {
        break;
      }
      plan.units.add(u);
      plan.freed += u.ownBytes();
      for (String r : u.refs()) {
        Integer left = users.merge(r, -1, Integer::sum);
        if (left != null && left == 0 && inv.itemBytes.containsKey(r)) {
          plan.free(r, inv.itemBytes.get(r));
        }
      }
    }
    return plan;
  }

  long afterBytes() {
    return beforeBytes - freed;
  }

  boolean isEmpty() {
    return units.isEmpty() && items.isEmpty() && scratch.isEmpty();
  }

  private void free(String item, long bytes) {
    if (items.putIfAbsent(item, bytes) == null) {
      freed += bytes;
    }
  }

  private void freeScratch(Path path, long bytes) {
    if (scratch.putIfAbsent(path, bytes) == null) {
      freed += bytes;
    }
  }

  /** The plan as a report, counting what goes by kind. */
  PruneReport report(boolean dryRun) {
    Map<String, long[]> byKind = new LinkedHashMap<>();
    for (PruneUnit u : units) {
      add(byKind, u.kind().words(), u.ownBytes());
    }
    for (Map.Entry<String, Long> item : items.entrySet()) {
      add(byKind, item.getKey().startsWith("layer:") ? "unpacked layers" : "blobs", item.getValue());
    }
    for (Map.Entry<Path, Long> s : scratch.entrySet()) {
      add(byKind, s.getKey().getParent().getFileName().toString().equals("work")
          ? "scratch dirs of builds that died" : "temp files", s.getValue());
    }
    List<PruneReport.Line> lines = new ArrayList<>();
    byKind.forEach((what, v) -> lines.add(new PruneReport.Line(what, (int) v[0], v[1])));
    Set<String> templates = new LinkedHashSet<>();
    units.stream().filter(u -> u.kind() == PruneUnit.Kind.TEMPLATE).forEach(u -> templates.add(u.label()));
    return new PruneReport(dryRun, beforeBytes, freed, lines, List.copyOf(templates));
  }

  private static void add(Map<String, long[]> byKind, String what, long bytes) {
    long[] v = byKind.computeIfAbsent(what, k -> new long[2]);
    v[0]++;
    v[1] += bytes;
  }
}
