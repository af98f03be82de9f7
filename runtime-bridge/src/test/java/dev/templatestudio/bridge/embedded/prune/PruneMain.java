package dev.templatestudio.bridge.embedded.prune;

import dev.templatestudio.bridge.embedded.store.Store;
import java.nio.file.Path;

/** {@code PruneMain STORE}: prunes the store in a JVM of its own, for the test that kills it midway. */
public final class PruneMain {
  private PruneMain() {}

  public static void main(String[] args) throws Exception {
    System.out.println("pruning");
    System.out.flush();
    new StorePruner(Store.open(Path.of(args[0]))).prune(PruneOptions.everything(), null, () -> { });
    System.out.println("pruned");
  }
}
