package dev.templatestudio.bridge.embedded;

import dev.templatestudio.bridge.embedded.oci.Descriptor;
import dev.templatestudio.bridge.embedded.oci.ImageConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The image as a build has made it so far: its layers (bottom first, each with its unpacked
 * dir), run config and history. Confined to the build's thread.
 */
final class ImageState {
  final List<Descriptor> layers = new ArrayList<>();
  final List<String> diffIds = new ArrayList<>();
  final List<Path> layerDirs = new ArrayList<>();
  final List<ImageConfig.History> history = new ArrayList<>();
  ImageConfig.Config config = new ImageConfig.Config(null, null, null, null, null, null, null);
  /** The runtime envs of the base template, for machines only (see {@link ImageEnvs}). */
  Map<String, String> inheritedRuntimeEnvs = Map.of();
  String architecture;
  String os;

  void addLayer(Descriptor layer, String diffId, Path dir) {
    layers.add(layer);
    diffIds.add(diffId);
    layerDirs.add(dir);
  }

  /** The unpacked layer dirs, top first, as overlay wants them. */
  List<Path> lowersTopFirst() {
    List<Path> out = new ArrayList<>(layerDirs);
    java.util.Collections.reverse(out);
    return out;
  }
}
