package dev.templatestudio.bridge.embedded;

import dev.templatestudio.bridge.embedded.layer.LayerExtractor;
import dev.templatestudio.bridge.embedded.oci.Descriptor;
import dev.templatestudio.bridge.embedded.step.MountSources;
import dev.templatestudio.bridge.embedded.store.DiskBudget;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.plan.StepFailure;
import dev.templatestudio.bridge.template.Base;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The file systems a bind mount takes files {@code from} in a build of the embedded runtime:
 * an image, resolved as a base is (local image sources relative to the context) and unpacked
 * in the store (a build stage's file system is the stage build's to give). Each image is
 * resolved once per build. The build's thread.
 */
final class ImageMountSources implements MountSources {
  private final Store store;
  private final DiskBudget budget;
  private final Path context;
  private final Scratch scratch;
  private final Consumer<String> messages;
  private final Map<String, Root> resolved = new HashMap<>();

  /** @param scratch the build's scratch dir, for the empty lower of an image without layers */
  ImageMountSources(Store store, DiskBudget budget, Path context, Scratch scratch, Consumer<String> messages) {
    this.store = store;
    this.budget = budget;
    this.context = context;
    this.scratch = scratch;
    this.messages = messages;
  }

  @Override
  public Root rootOf(Base from) throws StepFailure, IOException {
    if (from.isStage()) {
      throw new StepFailure("a bind mount from build stage " + from.stage() + " needs the stage's build");
    }
    Root root = resolved.get(from.reference());
    if (root == null) {
      root = resolve(from);
      resolved.put(from.reference(), root);
    }
    return root;
  }

  private Root resolve(Base from) throws StepFailure, IOException {
    BaseImages.Resolved image = BaseImages.resolve(from, store, budget, context, messages);
    List<String> diffIds = image.config().rootfs() == null ? List.of() : image.config().rootfs().diffIds();
    List<Descriptor> layers = image.manifest().layers();
    List<Path> topFirst = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      String diffId = i < diffIds.size() ? diffIds.get(i) : layers.get(i).digest();
      String blob = layers.get(i).digest();
      topFirst.add(0, store.layers().ensure(diffId, dir -> {
        try (InputStream in = store.blobs().open(blob)) {
          LayerExtractor.extract(in, dir, budget).forEach(w -> messages.accept("warning: " + w));
        }
      }, budget));
    }
    if (topFirst.isEmpty()) {
      topFirst.add(Files.createDirectories(scratch.path().resolve("empty-image")));
    }
    return new Root(topFirst, image.manifestDigest());
  }
}
