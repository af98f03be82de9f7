package dev.templatestudio.bridge.plan;

/** How many processes and threads one step or machine may have at once, on every runtime. */
public final class ProcessLimit {
  /**
   * Far above what builds and servers use (a JVM has tens of threads, {@code make -j} a few
   * hundred processes), low enough that a fork bomb stays small.
   */
  public static final int DEFAULT = 4096;

  private ProcessLimit() {}
}
