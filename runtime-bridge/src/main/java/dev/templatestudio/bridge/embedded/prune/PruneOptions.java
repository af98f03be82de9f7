package dev.templatestudio.bridge.embedded.prune;

/**
 * What to prune.
 *
 * @param keepBytes the store may stay this large: nothing is removed while it is no larger,
 *                  and past it the least recently used go first until it is; -1 removes
 *                  everything that may go
 * @param all       templates may go too (their layers with them); else they and everything
 *                  they use stay
 */
public record PruneOptions(long keepBytes, boolean all) {
  /** Everything but the templates and what they use. */
  public static PruneOptions everything() {
    return new PruneOptions(-1, false);
  }

  public boolean keeps() {
    return keepBytes >= 0;
  }
}
