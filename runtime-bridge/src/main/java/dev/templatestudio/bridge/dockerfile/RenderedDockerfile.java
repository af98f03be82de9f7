package dev.templatestudio.bridge.dockerfile;

import java.util.List;

/**
 * A rendered Dockerfile and where each part of the template landed in it.
 *
 * @param parts {@code parts.get(0)} is the base (FROM and the ARGs), {@code parts.get(i)} step
 *              i (1-based like build events), and the last entry the start command, ready
 *              check and runtime envs (may be empty lines)
 */
public record RenderedDockerfile(String text, List<LineRange> parts) {
  public RenderedDockerfile {
    parts = List.copyOf(parts);
  }

  /** Lines {@code first..last}, 1-based and inclusive; {@code last < first} when empty. */
  public record LineRange(int first, int last) {}
}
