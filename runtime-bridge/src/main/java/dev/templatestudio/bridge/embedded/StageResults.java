package dev.templatestudio.bridge.embedded;

import dev.templatestudio.bridge.embedded.step.LayerStack;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The finished build stages of one build, by name: what a step that takes files from a stage
 * reads ({@code COPY --from}, a base naming a stage, and a RUN mount's {@code from}). A stage is
 * here once its last step has ended, and the steps naming it run only after that (StagePlanner
 * makes every stage wait for the stages it names), so a lookup never waits.
 *
 * <ul>
 *   <li>{@link #rootOf}: the stage's root file system as a {@link LayerStack}, read without
 *       mounting (links resolved inside it) — what a copy selects its files from;
 *   <li>{@link #layersOf}: its unpacked layer dirs, top first, as overlayfs takes lower dirs
 *       — what a sandbox mounts read-only to show the stage at a path (a bind mount from a
 *       stage); the dirs are the store's and must never be written;
 *   <li>{@link #keyOf}: the stage's result, the cache key of its last step — what the key of a
 *       step using the stage's files includes, so that step misses when the stage changed.
 * </ul>
 *
 * Thread-safe: stages built at the same time put their results from their own threads.
 */
public final class StageResults {
  private final Map<String, Done> done = new ConcurrentHashMap<>();

  private record Done(String key, ImageState image) {}

  /** Records stage {@code name}'s result; its image is not changed afterwards. */
  void put(String name, String key, ImageState image) {
    done.put(name, new Done(key, image));
  }

  /** True when stage {@code name} has been built in this build. */
  public boolean has(String name) {
    return done.containsKey(name);
  }

  /** The cache key of stage {@code name}'s last step: its result. */
  public String keyOf(String name) {
    return get(name).key();
  }

  /** Stage {@code name}'s unpacked layer dirs, top first; empty for a stage with no layer at all. */
  public List<Path> layersOf(String name) {
    return get(name).image().lowersTopFirst();
  }

  /** Stage {@code name}'s finished root file system, read through its layers without mounting. */
  public LayerStack rootOf(String name) {
    return new LayerStack(layersOf(name));
  }

  /** The stage's image as its build left it: layers, config, history. */
  ImageState image(String name) {
    return get(name).image();
  }

  private Done get(String name) {
    Done d = done.get(name);
    if (d == null) {
      // Only a stage the final stage does not need, or one asked for before it was built, gets here.
      throw new IllegalStateException("build stage " + name + " has not been built in this build");
    }
    return d;
  }
}
