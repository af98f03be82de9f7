package dev.templatestudio.bridge.embedded;

import dev.templatestudio.bridge.embedded.layer.LayerExtractor;
import dev.templatestudio.bridge.embedded.oci.Descriptor;
import dev.templatestudio.bridge.embedded.step.LayerStack;
import dev.templatestudio.bridge.embedded.store.DiskBudget;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.plan.StepFailure;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.Step;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the copy steps of one stage take files {@code from}: a finished build stage (from
 * {@link StageResults}) or an image, resolved through the image sources and unpacked into the
 * store like a base. Worked out before the stage's first step, since each one's result (the
 * stage's last cache key, the image's manifest digest) is part of its step's cache key. One
 * image named by several steps is resolved once. Made and used on the stage's thread.
 */
final class FromSources {
  /** Where a step's files come from: the result its key includes, its file system, its name in messages. */
  record Source(String result, LayerStack files, String shown) {}

  private final Map<Integer, Source> bySteps;
  private final StageResults stages;

  private FromSources(Map<Integer, Source> bySteps, StageResults stages) {
    this.bySteps = bySteps;
    this.stages = stages;
  }

  /** The build's finished stages, for a step that names one otherwise than by a copy (a mount's {@code from}). */
  StageResults stages() {
    return stages;
  }

  /**
   * The sources of {@code steps}' copies with {@code from}; {@code context} is what local image
   * references are relative to, {@code messages} gets what a pull reports for people.
   *
   * @throws StepFailure naming the step, when an image cannot be resolved
   */
  static FromSources resolve(List<Step> steps, StageResults stages, Store store, DiskBudget budget, Path context,
      Consumer<String> messages) throws StepFailure, IOException {
    Map<Integer, Source> out = new HashMap<>();
    Map<String, Source> images = new HashMap<>();
    for (int i = 1; i <= steps.size(); i++) {
      if (!(steps.get(i - 1) instanceof CopyStep c) || c.from() == null) {
        continue;
      }
      Base from = c.from();
      if (from.isStage()) {
        out.put(i, new Source(stages.keyOf(from.stage()), stages.rootOf(from.stage()), "stage " + from.stage()));
        continue;
      }
      Source image = images.get(from.image());
      if (image == null) {
        try {
          image = image(from.image(), store, budget, context, messages);
        } catch (StepFailure e) {
          throw new StepFailure("step " + i + " (COPY --from=" + from.image() + "): " + e.getMessage());
        }
        images.put(from.image(), image);
      }
      out.put(i, image);
    }
    return new FromSources(Map.copyOf(out), stages);
  }

  /** The results of the steps that take files from a stage or an image, by step (1-based). */
  Map<Integer, String> results() {
    Map<Integer, String> results = new HashMap<>();
    bySteps.forEach((step, source) -> results.put(step, source.result()));
    return results;
  }

  /** Where step {@code step} (1-based) takes its files from. */
  Source at(int step) {
    return bySteps.get(step);
  }

  /** Image {@code ref} resolved and unpacked into the store, as a step reads files from it (a copy's or a mount's {@code from}). */
  static Source image(String ref, Store store, DiskBudget budget, Path context, Consumer<String> messages)
      throws StepFailure, IOException {
    BaseImages.Resolved image = BaseImages.resolve(Base.image(ref), store, budget, context, messages);
    List<String> diffIds = image.config().rootfs() == null ? List.of() : image.config().rootfs().diffIds();
    List<Path> dirs = new ArrayList<>();
    List<Descriptor> layers = image.manifest().layers();
    for (int k = 0; k < layers.size(); k++) {
      String blob = layers.get(k).digest();
      String diffId = k < diffIds.size() ? diffIds.get(k) : blob;
      dirs.add(store.layers().ensure(diffId, dir -> {
        try (InputStream in = store.blobs().open(blob)) {
          LayerExtractor.extract(in, dir, budget).forEach(messages);
        }
      }, budget));
    }
    Collections.reverse(dirs);
    return new Source(image.manifestDigest(), new LayerStack(dirs), "image " + ref);
  }
}
