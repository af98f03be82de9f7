package dev.templatestudio.bridge.dockerfile;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * BuildKit's predefined platform ARGs (TARGETPLATFORM, TARGETOS, TARGETARCH, TARGETVARIANT and
 * the BUILD… ones) with this machine's values: a template builds for the machine it runs on, so
 * target and build platform are the same. Pure.
 */
final class PlatformArgs {
  private static final Map<String, String> VALUES = values(System.getProperty("os.arch", "amd64"));

  private PlatformArgs() {}

  static Map<String, String> values() {
    return VALUES;
  }

  static boolean isPredefined(String name) {
    return VALUES.containsKey(name);
  }

  /** The values for a JVM {@code os.arch}, in the names Docker uses for architectures. */
  static Map<String, String> values(String osArch) {
    String arch;
    String variant = "";
    switch (osArch.toLowerCase(Locale.ROOT)) {
      case "amd64", "x86_64" -> arch = "amd64";
      case "aarch64", "arm64" -> arch = "arm64";
      case "arm", "armv7", "armv7l" -> {
        arch = "arm";
        variant = "v7";
      }
      case "x86", "i386", "i686" -> arch = "386";
      default -> arch = osArch.toLowerCase(Locale.ROOT);
    }
    String platform = "linux/" + arch + (variant.isEmpty() ? "" : "/" + variant);
    Map<String, String> out = new LinkedHashMap<>();
    for (String side : new String[] {"TARGET", "BUILD"}) {
      out.put(side + "PLATFORM", platform);
      out.put(side + "OS", "linux");
      out.put(side + "ARCH", arch);
      out.put(side + "VARIANT", variant);
    }
    return Map.copyOf(out);
  }
}
