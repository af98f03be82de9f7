package dev.templatestudio.bridge.embedded.step;

import dev.templatestudio.bridge.plan.StepFailure;
import dev.templatestudio.bridge.template.Base;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a bind mount's {@code from} takes its files: the finished file system of a build stage
 * or of an image. A build's thread asks; an answer stays the same for the whole build.
 */
@FunctionalInterface
public interface MountSources {
  /**
   * The file system {@code from} names.
   *
   * @throws StepFailure in one sentence when it cannot be had (an unknown image, a stage that
   *     this build does not make)
   */
  Root rootOf(Base from) throws StepFailure, IOException;

  /**
   * A finished file system.
   *
   * @param layersTopFirst its unpacked layers (overlay lower dirs), top first; at least one
   * @param digest         what identifies its content (a manifest digest, or a stage's last
   *                       cache key), part of the cache key of a step that binds from it
   */
  record Root(List<Path> layersTopFirst, String digest) {
    public Root {
      layersTopFirst = List.copyOf(layersTopFirst);
    }
  }
}
