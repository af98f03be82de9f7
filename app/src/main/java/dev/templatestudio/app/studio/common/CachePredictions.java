package dev.templatestudio.app.studio.common;

import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.build.CachePrediction;
import java.io.IOException;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Foretells what a build would do with the cache of the chosen runtime ({@code Runtime.predict}).
 * Called on a background thread: it reads the context's files and the store.
 */
@FunctionalInterface
public interface CachePredictions {
  /** No prediction, whatever is asked: for a studio or runtime that makes none. */
  CachePredictions NONE = (request, stale) -> Optional.empty();

  /**
   * The prediction for {@code request}; empty when the chosen runtime cannot tell (remote,
   * docker).
   *
   * @param stale true once the answer is no longer wanted; the prediction may then give up
   *              with a {@link java.util.concurrent.CancellationException}
   */
  Optional<CachePrediction> predict(BuildRequest request, BooleanSupplier stale) throws IOException;
}
