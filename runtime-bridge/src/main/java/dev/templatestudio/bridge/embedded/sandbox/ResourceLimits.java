package dev.templatestudio.bridge.embedded.sandbox;

import dev.templatestudio.bridge.plan.ProcessLimit;
import dev.templatestudio.bridge.template.Resources;

/**
 * What one sandbox may use: whole CPUs and megabytes of memory (null: no limit), and how many
 * processes and threads it may have at once (a fork bomb stops there). Immutable.
 *
 * @param cpus      CPUs of time per period (2: two CPUs' worth), or null for no limit
 * @param memoryMb  memory in MiB, swap not allowed on top, or null for no limit
 * @param processes processes and threads at once, always limited
 */
public record ResourceLimits(Integer cpus, Integer memoryMb, int processes) {
  /** The process limit of every sandbox, the same as the docker runtime's. */
  public static final int DEFAULT_PROCESSES = ProcessLimit.DEFAULT;
  /** No cpu or memory limit, the default process limit. */
  public static final ResourceLimits NONE = new ResourceLimits(null, null, DEFAULT_PROCESSES);

  public ResourceLimits {
    if (cpus != null && cpus < 1 || memoryMb != null && memoryMb < 1 || processes < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }

  /** The template's {@code resources} (null: none) with a limit of {@code processes}. */
  public static ResourceLimits of(Resources resources, int processes) {
    return resources == null ? new ResourceLimits(null, null, processes)
        : new ResourceLimits(resources.cpus(), resources.memoryMb(), processes);
  }

  /**
   * {@code subject} out of memory: {@code step 2 ran out of its 64 MB of memory}, or without a
   * limit of its own (the host's memory, or an enclosing cgroup's, ran out) {@code step 2 ran out of memory}.
   */
  public String outOfMemory(String subject) {
    return subject + (memoryMb == null ? " ran out of memory" : " ran out of its " + memoryMb + " MB of memory");
  }
}
