package dev.templatestudio.bridge.runtimes;

import dev.templatestudio.bridge.embedded.prune.Prunable;
import dev.templatestudio.bridge.embedded.prune.PruneOptions;
import dev.templatestudio.bridge.embedded.prune.PruneReport;
import dev.templatestudio.bridge.embedded.prune.PruneUnit;
import dev.templatestudio.bridge.embedded.prune.StorePruner;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.server.ServeContexts;
import dev.templatestudio.bridge.server.StoreKeeping;
import dev.templatestudio.bridge.server.UploadedContext;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * The embedded store under {@code serve}: how the server keeps it within {@code
 * --keep-storage-mb}, and how {@code prune} takes the contexts clients uploaded. Here because
 * neither the server nor the engine knows the other. Stateless.
 */
public final class ServeStorage {
  private ServeStorage() {}

  /** {@code store}'s keeping, by its {@link StorePruner}. */
  public static StoreKeeping keeping(Store store) {
    StorePruner pruner = new StorePruner(store);
    return new StoreKeeping() {
      @Override
      public long size() throws IOException {
        return pruner.size();
      }

      @Override
      public String pruneTo(long keepBytes, Contexts contexts) throws IOException {
        PruneReport report = pruner.tryPrune(new PruneOptions(keepBytes, false), () -> units(contexts.list()));
        if (report == null || report.isEmpty()) {
          return null;
        }
        StringBuilder what = new StringBuilder();
        for (PruneReport.Line line : report.lines()) {
          what.append(what.length() == 0 ? "" : ", ").append(line.counted());
        }
        return "pruned " + what + ", freeing " + PruneReport.size(report.freedBytes()) + "; it is now "
            + PruneReport.size(report.afterBytes());
      }
    };
  }

  /** The uploaded contexts of an idle serve, as units {@code prune} may remove. */
  public static Prunable prunable(ServeContexts contexts) {
    return () -> units(contexts.all());
  }

  private static List<PruneUnit> units(List<UploadedContext> contexts) {
    return contexts.stream().map(c -> new PruneUnit(c.file() ? PruneUnit.Kind.CONTEXT_FILE : PruneUnit.Kind.CONTEXT,
        (c.file() ? "file:" : "") + c.hex(), "sha256:" + c.hex(), c.lastUsedMillis(), c.bytes(), Set.of(), Set.of(),
        c.remover()::remove)).toList();
  }
}
