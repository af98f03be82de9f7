package dev.templatestudio.bridge.embedded.image;

import dev.templatestudio.bridge.embedded.oci.Descriptor;
import dev.templatestudio.bridge.embedded.oci.ImageIndex;
import dev.templatestudio.bridge.embedded.oci.MediaTypes;
import java.util.ArrayList;
import java.util.List;

/** The OCI platform of this machine, and the choice of a manifest from an index for it. */
public final class HostPlatform {
  private HostPlatform() {}

  /** The OCI architecture name of this JVM's machine (amd64, arm64, ...). */
  public static String architecture() {
    String arch = System.getProperty("os.arch");
    switch (arch) {
      case "amd64":
      case "x86_64":
        return "amd64";
      case "aarch64":
        return "arm64";
      case "arm":
        return "arm";
      default:
        return arch;
    }
  }

  public static String os() {
    return "linux";
  }

  /** The manifest of {@code index} for linux on this architecture; an exception listing what there is otherwise. */
  static Descriptor select(ImageIndex index, String image) throws ImageSourceException {
    String arch = architecture();
    Descriptor chosen = null;
    List<String> offered = new ArrayList<>();
    for (Descriptor d : index.manifests()) {
      Descriptor.Platform p = d.platform();
      if (p == null) {
        continue;
      }
      offered.add(p.os() + "/" + p.architecture() + (p.variant() != null ? "/" + p.variant() : ""));
      if (os().equals(p.os()) && arch.equals(p.architecture())) {
        // arm64 images may carry variant v8; an exact match without a variant is just as good.
        if (chosen == null || (p.variant() == null || p.variant().equals("v8")) && chosen.platform().variant() != null) {
          chosen = d;
        }
      }
    }
    if (chosen == null && index.manifests().size() == 1 && index.manifests().get(0).platform() == null) {
      chosen = index.manifests().get(0);
    }
    if (chosen == null) {
      throw new ImageSourceException("image " + image + " has no " + os() + "/" + arch
          + " variant (it has: " + String.join(", ", offered) + ")");
    }
    return chosen;
  }

  static boolean isIndex(String mediaType) {
    return MediaTypes.OCI_INDEX.equals(mediaType) || MediaTypes.DOCKER_MANIFEST_LIST.equals(mediaType);
  }
}
