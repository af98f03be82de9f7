package dev.templatestudio.bridge.context;

import java.util.List;

/**
 * The base images read from files in the build context rather than pulled (CONTRACT.md §3):
 * {@code rootfs:}, {@code oci-layout:} and {@code docker-archive:}. One list, for the embedded
 * runtime that reads them, the remote one that must send them, and Docker that cannot use them.
 * Stateless.
 */
public final class LocalSources {
  public static final String ROOTFS = "rootfs:";
  public static final String OCI_LAYOUT = "oci-layout:";
  public static final String DOCKER_ARCHIVE = "docker-archive:";
  private static final List<String> ALL = List.of(ROOTFS, OCI_LAYOUT, DOCKER_ARCHIVE);

  private LocalSources() {}

  public static boolean isLocal(String image) {
    return prefixOf(image) != null;
  }

  /** The local source prefix {@code image} starts with, or null for a registry reference. */
  public static String prefixOf(String image) {
    if (image == null) {
      return null;
    }
    String ref = image.strip();
    return ALL.stream().filter(ref::startsWith).findFirst().orElse(null);
  }
}
