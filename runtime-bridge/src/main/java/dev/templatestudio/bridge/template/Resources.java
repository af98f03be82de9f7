package dev.templatestudio.bridge.template;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The machine's size: whole CPUs and megabytes of memory, held for every step and machine of
 * the template; absent values take the runtime's default (no limit).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Resources(Integer cpus, Integer memoryMb) {
  public static final int MIN_CPUS = 1;
  public static final int MAX_CPUS = 256;
  public static final int MIN_MEMORY_MB = 64;
  public static final int MAX_MEMORY_MB = 1_048_576;

  /** {@code base} (null: none) with the values {@code override} (null: none) gives in their stead; null when neither has any. */
  public static Resources overridden(Resources base, Resources override) {
    if (override == null) {
      return base;
    }
    if (base == null) {
      return override;
    }
    return new Resources(override.cpus() != null ? override.cpus() : base.cpus(),
        override.memoryMb() != null ? override.memoryMb() : base.memoryMb());
  }
}
