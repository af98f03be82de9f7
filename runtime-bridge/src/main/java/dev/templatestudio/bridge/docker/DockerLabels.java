package dev.templatestudio.bridge.docker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.templatestudio.bridge.template.Resources;
import dev.templatestudio.bridge.template.Start;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.TemplateJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The labels a built image carries, so the engine alone knows what the template needs at
 * start: its name, its start command with the ready check, its resources, and its runtime envs
 * (which Docker would otherwise bake into the image with ENV, visible during the build). Stateless.
 */
final class DockerLabels {
  /** Every built image carries it: its value is the template's name. */
  static final String TEMPLATE = "dev.templatestudio.template";
  static final String START = "dev.templatestudio.start";
  static final String RUNTIME_ENVS = "dev.templatestudio.runtime-envs";
  static final String RESOURCES = "dev.templatestudio.resources";
  /** The label of the short-lived containers that check a built image gets ready. */
  static final String CHECK = "dev.templatestudio.check";
  /** The label of the containers {@code run} starts. */
  static final String RUN = "dev.templatestudio.run";

  private DockerLabels() {}

  /**
   * The labels of {@code template}'s image; {@code runtimeEnvs} are its machines' (its own and
   * those it inherits), always written so that a base image's label is never inherited as is.
   */
  static Map<String, String> of(String name, Template template, Map<String, String> runtimeEnvs) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(TEMPLATE, name);
    try {
      if (template.start() != null) {
        labels.put(START, TemplateJson.mapper().writeValueAsString(template.start()));
      }
      if (template.resources() != null) {
        labels.put(RESOURCES, TemplateJson.mapper().writeValueAsString(template.resources()));
      }
      labels.put(RUNTIME_ENVS, TemplateJson.mapper().writeValueAsString(new TreeMap<>(runtimeEnvs)));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    return labels;
  }

  /** The start command and ready check recorded on an image's config, or null. */
  static Start start(JsonNode labels) throws IOException {
    String json = labels.path(START).asText(null);
    return json == null ? null : TemplateJson.mapper().readValue(json, Start.class);
  }

  /** The resources recorded on an image's config, or null. */
  static Resources resources(JsonNode labels) throws IOException {
    String json = labels.path(RESOURCES).asText(null);
    return json == null ? null : TemplateJson.mapper().readValue(json, Resources.class);
  }

  /** The runtime envs recorded on an image's config, as {@code K=V}. */
  static List<String> env(JsonNode labels) throws IOException {
    return env(runtimeEnvs(labels));
  }

  /** The runtime envs recorded in an image's labels (null: an image without labels). */
  static Map<String, String> runtimeEnvs(JsonNode labels) throws IOException {
    String json = labels == null ? null : labels.path(RUNTIME_ENVS).asText(null);
    if (json == null) {
      return Map.of();
    }
    return TemplateJson.mapper().readValue(json,
        TemplateJson.mapper().getTypeFactory().constructMapType(TreeMap.class, String.class, String.class));
  }

  static List<String> env(Map<String, String> envs) {
    return envs.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
  }
}
