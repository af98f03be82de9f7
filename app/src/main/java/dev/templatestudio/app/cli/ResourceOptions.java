package dev.templatestudio.app.cli;

import dev.templatestudio.bridge.template.Resources;
import picocli.CommandLine.Option;

/** {@code --cpus N --memory-mb N}, shared by build and run: the template's resources, overridden. */
final class ResourceOptions {
  @Option(names = "--cpus", paramLabel = "N",
      description = "CPUs each step and machine may use (default: the template's resources.cpus, else no limit).")
  Integer cpus;

  @Option(names = "--memory-mb", paramLabel = "N",
      description = "Megabytes of memory each step and machine may use (default: the template's resources.memoryMb, "
          + "else no limit).")
  Integer memoryMb;

  /**
   * The resources given, or null when none was.
   *
   * @throws CliException (bad usage) for a value no template could have
   */
  Resources given() {
    if (cpus != null && (cpus < Resources.MIN_CPUS || cpus > Resources.MAX_CPUS)) {
      throw new CliException("--cpus " + cpus + ": give a whole number of CPUs from " + Resources.MIN_CPUS
          + " to " + Resources.MAX_CPUS, 2);
    }
    if (memoryMb != null && (memoryMb < Resources.MIN_MEMORY_MB || memoryMb > Resources.MAX_MEMORY_MB)) {
      throw new CliException("--memory-mb " + memoryMb + ": give megabytes from " + Resources.MIN_MEMORY_MB
          + " to " + Resources.MAX_MEMORY_MB, 2);
    }
    return cpus == null && memoryMb == null ? null : new Resources(cpus, memoryMb);
  }
}
