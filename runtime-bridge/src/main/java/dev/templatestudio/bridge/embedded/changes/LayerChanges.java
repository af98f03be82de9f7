package dev.templatestudio.bridge.embedded.changes;

import dev.templatestudio.bridge.changes.FileChanges;
import dev.templatestudio.bridge.changes.StepChanges;
import dev.templatestudio.bridge.changes.StepComparison;
import dev.templatestudio.bridge.embedded.layer.LayerExtractor;
import dev.templatestudio.bridge.embedded.oci.Descriptor;
import dev.templatestudio.bridge.embedded.oci.ImageConfig;
import dev.templatestudio.bridge.embedded.oci.Manifest;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.embedded.store.StoreGate;
import dev.templatestudio.bridge.embedded.store.TemplateIndex;
import dev.templatestudio.bridge.io.StoreJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@link FileChanges} of the builds in an embedded store, from their images: the image's
 * history has one entry per step after its base's, and each entry that is no empty layer has
 * the next layer. A step's layer tar is read from the blob store and compared with the
 * unpacked layers below it (unpacked again when pruned away). The store is held shared while
 * reading, so a prune waits. Thread-safe.
 */
public final class LayerChanges implements FileChanges {
  /** Changes kept for the view; the smaller rest are counted. */
  static final int SHOWN = 10_000;
  /** Paths of each layer compared between two builds. */
  static final int COMPARED = 200_000;

  private final Store store;

  public LayerChanges(Store store) {
    this.store = store;
  }

  /** One step of a built image: its message, and its layer (null for none) with the layers below. */
  private record StepLayer(String message, Descriptor layer, String diffId, List<Descriptor> below,
      List<String> belowIds) {}

  @Override
  public StepChanges step(String ref, int steps, int step) throws IOException {
    try (StoreGate.Hold hold = StoreGate.shared(store.root(), () -> { })) {
      StepLayer s = stepLayer(load(ref), ref, steps, step);
      if (s.layer() == null) {
        return new KeptChanges(SHOWN).finish(step, s.message(), 0, false, 0);
      }
      List<Path> topFirst = new ArrayList<>();
      for (int i = s.below().size() - 1; i >= 0; i--) {
        topFirst.add(unpacked(s.belowIds().get(i), s.below().get(i)));
      }
      KeptChanges out = new KeptChanges(SHOWN);
      StepLayerReader reader = new StepLayerReader(new LowerLayers(topFirst), unpacked(s.diffId(), s.layer()), out);
      int unsafe;
      try (InputStream tar = store.blobs().open(s.layer().digest())) {
        unsafe = reader.read(tar);
      }
      return out.finish(step, s.message(), s.layer().size(), true, unsafe);
    }
  }

  @Override
  public List<StepComparison> compare(String refA, int stepsA, String refB, int stepsB) throws IOException {
    try (StoreGate.Hold hold = StoreGate.shared(store.root(), () -> { })) {
      Image a = load(refA);
      Image b = load(refB);
      List<StepComparison> rows = new ArrayList<>();
      List<String> baseA = stepLayer(a, refA, stepsA, stepsA + 1).belowIds();
      List<String> baseB = stepLayer(b, refB, stepsB, stepsB + 1).belowIds();
      rows.add(new StepComparison(0, "FROM", "FROM", baseA.equals(baseB) ? StepComparison.Status.SAME
          : StepComparison.Status.CHANGED, size(a, baseA.size()), size(b, baseB.size())));
      for (int i = 1; i <= Math.max(stepsA, stepsB); i++) {
        StepLayer sa = i <= stepsA ? stepLayer(a, refA, stepsA, i) : null;
        StepLayer sb = i <= stepsB ? stepLayer(b, refB, stepsB, i) : null;
        rows.add(new StepComparison(i, sa == null ? null : sa.message(), sb == null ? null : sb.message(),
            status(sa, sb), layerSize(sa), layerSize(sb)));
      }
      return rows;
    }
  }

  @Override
  public StepChanges between(String refA, int stepsA, String refB, int stepsB, int step) throws IOException {
    try (StoreGate.Hold hold = StoreGate.shared(store.root(), () -> { })) {
      StepLayer sa = step <= stepsA ? stepLayer(load(refA), refA, stepsA, step) : null;
      StepLayer sb = step <= stepsB ? stepLayer(load(refB), refB, stepsB, step) : null;
      LayerDiff.Side a = side(sa);
      LayerDiff.Side b = side(sb);
      KeptChanges out = new KeptChanges(SHOWN);
      LayerDiff.compare(a, b, out);
      StepLayer named = sb != null ? sb : sa;
      return out.finish(step, named == null ? null : named.message(), layerSize(sb),
          sb != null && sb.layer() != null, a.unsafe + b.unsafe, a.beyond + b.beyond);
    }
  }

  private LayerDiff.Side side(StepLayer s) throws IOException {
    if (s == null || s.layer() == null) {
      return LayerDiff.read(null, COMPARED);
    }
    try (InputStream tar = store.blobs().open(s.layer().digest())) {
      return LayerDiff.read(tar, COMPARED);
    }
  }

  private static StepComparison.Status status(StepLayer a, StepLayer b) {
    if (a == null) {
      return StepComparison.Status.ONLY_IN_B;
    }
    if (b == null) {
      return StepComparison.Status.ONLY_IN_A;
    }
    boolean same = a.layer() == null && b.layer() == null
        ? Objects.equals(a.message(), b.message()) : Objects.equals(a.diffId(), b.diffId());
    return same ? StepComparison.Status.SAME : StepComparison.Status.CHANGED;
  }

  private static long layerSize(StepLayer s) {
    return s == null || s.layer() == null ? 0 : s.layer().size();
  }

  private static long size(Image image, int layers) {
    return image.manifest().layers().subList(0, layers).stream().mapToLong(Descriptor::size).sum();
  }

  private Image load(String ref) throws IOException {
    TemplateIndex.Resolved resolved = ref == null ? null : store.templates().resolve(ref).orElse(null);
    if (resolved == null || !store.blobs().has(resolved.manifestDigest())) {
      throw new IOException("The build " + ref + " is no longer in the store (pruned, or built by another "
          + "runtime): file changes are shown for the embedded runtime's builds it still holds.");
    }
    // Read here rather than by the engine's ImageWriter: the engine's package uses this one.
    Manifest m = StoreJson.mapper().readValue(store.blobs().read(resolved.manifestDigest()), Manifest.class);
    return new Image(m, StoreJson.mapper().readValue(store.blobs().read(m.config().digest()), ImageConfig.class));
  }

  /** A built image: its manifest (the layers' blobs) and config (history, diff ids). */
  private record Image(Manifest manifest, ImageConfig config) {}

  /**
   * Step {@code step} of the image's {@code steps}; {@code steps + 1} stands for what comes
   * after the base, so that its layers below are the base's.
   */
  private static StepLayer stepLayer(Image image, String ref, int steps, int step) throws IOException {
    List<ImageConfig.History> history = image.config().history();
    List<String> diffIds = image.config().rootfs() == null ? List.of() : image.config().rootfs().diffIds();
    List<Descriptor> layers = image.manifest().layers();
    long nonEmpty = history.stream().filter(h -> !Boolean.TRUE.equals(h.emptyLayer())).count();
    if (step < 1 || step > steps + 1 || history.size() < steps || nonEmpty != layers.size()
        || diffIds.size() != layers.size()) {
      throw new IOException("Step " + step + " of " + ref + " cannot be told apart from its base: its image's "
          + "history does not match its layers.");
    }
    int entry = history.size() - steps + (step > steps ? -1 : step - 1);
    if (step > steps) {
      int base = 0;
      for (int i = 0; i <= entry; i++) {
        base += Boolean.TRUE.equals(history.get(i).emptyLayer()) ? 0 : 1;
      }
      return new StepLayer("FROM", null, null, layers.subList(0, base), diffIds.subList(0, base));
    }
    int layer = 0;
    for (int i = 0; i < entry; i++) {
      layer += Boolean.TRUE.equals(history.get(i).emptyLayer()) ? 0 : 1;
    }
    ImageConfig.History h = history.get(entry);
    boolean has = !Boolean.TRUE.equals(h.emptyLayer());
    return new StepLayer(h.createdBy(), has ? layers.get(layer) : null, has ? diffIds.get(layer) : null,
        layers.subList(0, layer), diffIds.subList(0, layer));
  }

  /** The layer's unpacked dir, unpacked from its blob first when a prune took it. */
  private Path unpacked(String diffId, Descriptor layer) throws IOException {
    return store.layers().ensure(diffId, dir -> {
      try (InputStream in = store.blobs().open(layer.digest())) {
        LayerExtractor.extract(in, dir);
      }
    });
  }
}
