package dev.templatestudio.bridge.server;

import dev.templatestudio.bridge.template.Base;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Keeps a server build's local base image ({@code rootfs:}, {@code oci-layout:},
 * {@code docker-archive:}) inside its uploaded context: the embedded runtime resolves such paths
 * as given, which on a server would let any client read any path of the server's host. The
 * context is never changed once stored, so what is checked here is what the build reads.
 * Stateless.
 */
final class LocalBases {
  private static final List<String> PREFIXES = List.of("rootfs:", "oci-layout:", "docker-archive:");

  private LocalBases() {}

  /**
   * Refuses (400, naming {@code base.image}) a local base whose path is absolute, climbs out with
   * {@code ..}, leads outside {@code context} through a symlink, or comes without a context.
   */
  static void check(Base base, Path context) throws ApiError {
    String image = base.isTemplate() || base.image() == null ? "" : base.image().strip();
    String prefix = PREFIXES.stream().filter(image::startsWith).findFirst().orElse(null);
    if (prefix == null) {
      return;
    }
    if (context == null) {
      throw refused(image, "a local base image needs the build context it is in; send \"context\"");
    }
    String spec = image.substring(prefix.length());
    inside(image, spec, context);
    // oci-layout:DIR:TAG names DIR; which of the two the build takes depends on what exists.
    int colon = spec.lastIndexOf(':');
    if (prefix.equals("oci-layout:") && colon > spec.lastIndexOf('/')) {
      inside(image, spec.substring(0, colon), context);
    }
  }

  private static void inside(String image, String spec, Path context) throws ApiError {
    Path relative = Path.of(spec);
    if (spec.isEmpty() || relative.isAbsolute()) {
      throw refused(image, "its path must be relative to the build context");
    }
    if (relative.normalize().startsWith("..")) {
      throw refused(image, "its path climbs out of the build context with \"..\"");
    }
    Path target = context.resolve(relative);
    if (!Files.exists(target)) {
      return;
    }
    try {
      if (!target.toRealPath().startsWith(context.toRealPath())) {
        throw refused(image, "its path leads through a symbolic link to outside the build context");
      }
    } catch (IOException e) {
      throw refused(image, "its path cannot be followed inside the build context");
    }
  }

  private static ApiError refused(String image, String why) {
    return new ApiError(400, "base.image \"" + image + "\" was refused: " + why);
  }
}
