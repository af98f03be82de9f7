package dev.templatestudio.bridge.embedded.prune;

import java.io.IOException;
import java.util.List;

/**
 * Units prune may remove besides the store's own, such as the contexts {@code serve} keeps
 * under the store. Called on the pruning thread while the store is held alone.
 */
@FunctionalInterface
public interface Prunable {
  List<PruneUnit> units() throws IOException;
}
