package dev.templatestudio.bridge.server;

import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.Mount;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Stage;
import dev.templatestudio.bridge.template.Step;
import dev.templatestudio.bridge.template.Template;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Keeps a server build's local images — its base, its build stages' bases, what a copy or mount takes
 * files from — ({@code rootfs:}, {@code oci-layout:},
 * {@code docker-archive:}) inside its uploaded context: the embedded runtime resolves such paths
 * as given, which on a server would let any client read any path of the server's host. The
 * context is never changed once stored, so what is checked here is what the build reads.
 * Stateless.
 */
final class LocalBases {
  private static final List<String> PREFIXES = List.of("rootfs:", "oci-layout:", "docker-archive:");

  private LocalBases() {}

  /**
   * {@link #check(Base, Path, String)} for every image the template's build reads files from:
   * its base, each build stage's base, and each copy's and mount's {@code from}, in stages and
   * final stage alike (a build stage runs on the server as the final stage does).
   */
  static void checkAll(Template template, Path context) throws ApiError {
    check(template.base(), context, "base.image");
    for (int i = 0; i < template.stages().size(); i++) {
      Stage stage = template.stages().get(i);
      if (stage != null) {
        check(stage.base(), context, "stages[" + i + "].base.image");
        steps(stage.steps(), context, "stages[" + i + "].steps");
      }
    }
    steps(template.steps(), context, "steps");
  }

  private static void steps(List<Step> steps, Path context, String at) throws ApiError {
    for (int j = 0; j < steps.size(); j++) {
      if (steps.get(j) instanceof CopyStep c) {
        check(c.from(), context, at + "[" + j + "].from.image");
      } else if (steps.get(j) instanceof RunStep r) {
        for (int k = 0; k < r.mounts().size(); k++) {
          Mount m = r.mounts().get(k);
          check(m == null ? null : m.from(), context, at + "[" + j + "].mounts[" + k + "].from.image");
        }
      }
    }
  }

  /**
   * Refuses (400, naming {@code field}, such as {@code base.image}) a local image whose path is
   * absolute, climbs out with {@code ..}, leads outside {@code context} through a symlink, or
   * comes without a context.
   */
  static void check(Base base, Path context, String field) throws ApiError {
    String image = base == null || base.isTemplate() || base.image() == null ? "" : base.image().strip();
    String prefix = PREFIXES.stream().filter(image::startsWith).findFirst().orElse(null);
    if (prefix == null) {
      return;
    }
    if (context == null) {
      throw refused(field, image, "a local base image needs the build context it is in; send \"context\"");
    }
    String spec = image.substring(prefix.length());
    inside(field, image, spec, context);
    // oci-layout:DIR:TAG names DIR; which of the two the build takes depends on what exists.
    int colon = spec.lastIndexOf(':');
    if (prefix.equals("oci-layout:") && colon > spec.lastIndexOf('/')) {
      inside(field, image, spec.substring(0, colon), context);
    }
  }

  private static void inside(String field, String image, String spec, Path context) throws ApiError {
    Path relative = Path.of(spec);
    if (spec.isEmpty() || relative.isAbsolute()) {
      throw refused(field, image, "its path must be relative to the build context");
    }
    if (relative.normalize().startsWith("..")) {
      throw refused(field, image, "its path climbs out of the build context with \"..\"");
    }
    Path target = context.resolve(relative);
    if (!Files.exists(target)) {
      return;
    }
    try {
      if (!target.toRealPath().startsWith(context.toRealPath())) {
        throw refused(field, image, "its path leads through a symbolic link to outside the build context");
      }
    } catch (IOException e) {
      throw refused(field, image, "its path cannot be followed inside the build context");
    }
  }

  private static ApiError refused(String field, String image, String why) {
    return new ApiError(400, field + " \"" + image + "\" was refused: " + why);
  }
}
