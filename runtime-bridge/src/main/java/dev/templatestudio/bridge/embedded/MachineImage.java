package dev.templatestudio.bridge.embedded;

import dev.templatestudio.bridge.build.UnknownTemplateException;
import dev.templatestudio.bridge.embedded.layer.LayerExtractor;
import dev.templatestudio.bridge.embedded.oci.Descriptor;
import dev.templatestudio.bridge.embedded.oci.ImageConfig;
import dev.templatestudio.bridge.embedded.sandbox.ResourceLimits;
import dev.templatestudio.bridge.embedded.step.ImageUser;
import dev.templatestudio.bridge.embedded.step.LayerStack;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.embedded.store.TemplateIndex;
import dev.templatestudio.bridge.plan.StepFailure;
import dev.templatestudio.bridge.template.Ready;
import dev.templatestudio.bridge.template.Resources;
import dev.templatestudio.bridge.template.TemplateJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a machine of a built template starts from, read from the store: its layers unpacked
 * (top first), the image's env (with HOME), user, workdir, resource limits, start command and
 * ready check. Shared by {@code run} and held machines, so both start the same machine.
 */
record MachineImage(String ref, List<Path> lowers, Map<String, String> env, ImageUser user, String workdir,
    ResourceLimits limits, List<String> start, Ready ready) {

  /**
   * Reads template {@code ref} from {@code store}; {@code resources} (null, or null fields: the
   * template's) override the limits the template recorded.
   *
   * @throws UnknownTemplateException when the store has no such template
   */
  static MachineImage load(Store store, String ref, Resources resources, int processLimit) throws IOException {
    Optional<TemplateIndex.Resolved> found = store.templates().resolve(ref);
    if (found.isEmpty() || !store.blobs().has(found.get().manifestDigest())) {
      throw new UnknownTemplateException("template \"" + ref + "\" is not in the store " + store.root()
          + "; template-studio templates lists what is there");
    }
    store.templates().touch(found.get().name());
    ImageWriter.Loaded image = ImageWriter.load(store.blobs(), found.get().manifestDigest());
    List<Path> lowers = unpack(store, image);
    ImageConfig.Config config = image.config().config() == null
        ? new ImageConfig.Config(null, null, null, null, null, null, null) : image.config().config();
    ImageUser user;
    try {
      user = ImageUser.resolve(config.user(), new LayerStack(lowers));
    } catch (StepFailure e) {
      throw new IOException(e.getMessage());
    }
    Map<String, String> env = ImageConfigs.envMap(config);
    env.putIfAbsent("HOME", user.home());
    String workdir = config.workingDir() == null ? "/" : config.workingDir();
    ResourceLimits limits = ResourceLimits.of(Resources.overridden(label(config, StartCheck.RESOURCES_LABEL,
        Resources.class), resources), processLimit);
    List<String> start = new ArrayList<>();
    if (config.labels() != null && config.labels().containsKey(StartCheck.START_LABEL)) {
      if (config.entrypoint() != null) {
        start.addAll(config.entrypoint());
      }
      if (config.cmd() != null) {
        start.addAll(config.cmd());
      }
    }
    return new MachineImage(ref, lowers, env, user, workdir, limits, List.copyOf(start),
        label(config, StartCheck.READY_LABEL, Ready.class));
  }

  /** A template-document value the build recorded as an image label (null: none). */
  private static <T> T label(ImageConfig.Config config, String key, Class<T> type) throws IOException {
    String json = config.labels() == null ? null : config.labels().get(key);
    return json == null ? null : TemplateJson.mapper().readValue(json, type);
  }

  private static List<Path> unpack(Store store, ImageWriter.Loaded image) throws IOException {
    List<String> diffIds = image.config().rootfs() == null ? List.of() : image.config().rootfs().diffIds();
    List<Path> dirs = new ArrayList<>();
    List<Descriptor> layers = image.manifest().layers();
    for (int i = 0; i < layers.size(); i++) {
      String blob = layers.get(i).digest();
      dirs.add(store.layers().ensure(i < diffIds.size() ? diffIds.get(i) : blob, dir -> {
        try (InputStream in = store.blobs().open(blob)) {
          LayerExtractor.extract(in, dir);
        }
      }));
    }
    Collections.reverse(dirs);
    return dirs;
  }
}
