package dev.templatestudio.app.studio.pipeline;

/** Where a drop on the pipeline lands, as a 0-based insert position in the template's steps. */
public final class DropPositions {
  private DropPositions() {}

  /**
   * The insert position for a drop on card {@code part} (-1 for the empty space below the
   * cards), in its upper or lower half, with {@code stepCount} steps in the template.
   */
  public static int insertIndex(int part, boolean upperHalf, int stepCount) {
    if (part < 0 || part > stepCount) {
      return stepCount;
    }
    if (part == 0) {
      return 0;
    }
    return upperHalf ? part - 1 : part;
  }
}
