package dev.templatestudio.bridge.embedded;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.templatestudio.bridge.embedded.oci.ImageConfig;
import dev.templatestudio.bridge.io.StoreJson;
import dev.templatestudio.bridge.plan.RuntimeEnvs;
import dev.templatestudio.bridge.template.Template;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runtime envs (CONTRACT.md §3: present when machines start, not during the build) in an image
 * of the embedded runtime. They are in the config's {@code Env}, so machines, {@code run} and
 * exported images have them; the {@link #BUILD_ENV_LABEL} label keeps the {@code Env} the build
 * ended with, so that a template built on this one builds with that, and inherits the runtime
 * envs for its own machines. Stateless.
 */
final class ImageEnvs {
  /** Image label: the {@code Env} without the runtime envs, as JSON; only on images that have some. */
  static final String BUILD_ENV_LABEL = "dev.templatestudio.build-env";
  private static final TypeReference<List<String>> ENV_LIST = new TypeReference<>() { };

  private ImageEnvs() {}

  /** A base image's config as its build left it, and the runtime envs it adds for machines. */
  record Split(ImageConfig.Config build, Map<String, String> runtime) {}

  /**
   * Splits a base image's config (null: the image has none); an image without the label has no
   * runtime envs of ours.
   */
  static Split split(ImageConfig.Config config) throws IOException {
    if (config == null) {
      return new Split(new ImageConfig.Config(null, null, null, null, null, null, null), Map.of());
    }
    String json = config.labels() == null ? null : config.labels().get(BUILD_ENV_LABEL);
    if (json == null) {
      return new Split(config, Map.of());
    }
    List<String> buildEnv = StoreJson.mapper().readValue(json, ENV_LIST);
    ImageConfig.Config build = new ImageConfig.Config(config.user(), buildEnv, config.entrypoint(),
        config.cmd(), config.workingDir(), withoutLabel(config.labels()), config.exposedPorts());
    Map<String, String> before = ImageConfigs.envMap(build);
    Map<String, String> runtime = new LinkedHashMap<>();
    ImageConfigs.envMap(config).forEach((k, v) -> {
      if (!Objects.equals(before.get(k), v)) {
        runtime.put(k, v);
      }
    });
    return new Split(build, runtime);
  }

  /**
   * The final config of {@code template}'s image: {@code built} (the config after its last
   * step) with the runtime envs of its machines ({@link RuntimeEnvs#effective}).
   */
  static ImageConfig.Config applied(ImageConfig.Config built, Map<String, String> inherited, Template template) {
    Map<String, String> runtime = RuntimeEnvs.effective(inherited, template);
    if (runtime.isEmpty()) {
      return ImageConfigs.withEnv(built, Map.of());
    }
    Map<String, String> labels = new LinkedHashMap<>(built.labels() == null ? Map.of() : built.labels());
    labels.put(BUILD_ENV_LABEL, json(ImageConfigs.envList(ImageConfigs.envMap(built))));
    ImageConfig.Config withLabel = new ImageConfig.Config(built.user(), built.env(), built.entrypoint(),
        built.cmd(), built.workingDir(), labels, built.exposedPorts());
    return ImageConfigs.withEnv(withLabel, runtime);
  }

  private static Map<String, String> withoutLabel(Map<String, String> labels) {
    Map<String, String> rest = new LinkedHashMap<>(labels);
    rest.remove(BUILD_ENV_LABEL);
    return rest.isEmpty() ? null : rest;
  }

  private static String json(List<String> env) {
    try {
      return StoreJson.mapper().writeValueAsString(env);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
