package dev.templatestudio.bridge.changes;

/**
 * One step of two builds of a template side by side.
 *
 * @param step      the step's number (0 the base, 1…N)
 * @param messageA  the step in build A ({@code null} when A has no such step)
 * @param sizeA     the bytes of its layer(s) in A (0 for none)
 */
public record StepComparison(int step, String messageA, String messageB, Status status, long sizeA, long sizeB) {

  /** How the step of build B stands to that of build A. */
  public enum Status {
    /** The very same layer (or, for a step without one, the same step). */
    SAME,
    /** Another layer, or another step at this place. */
    CHANGED,
    ONLY_IN_A,
    ONLY_IN_B
  }

  /** How many bytes build B's step is larger than build A's. */
  public long delta() {
    return sizeB - sizeA;
  }
}
