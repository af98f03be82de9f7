package dev.templatestudio.bridge.embedded.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.templatestudio.bridge.embedded.oci.ImageConfig;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The image config a pushed template carries: the built config (env, workdir, user, cmd and
 * the template's labels: ready check, resources, start) plus what other tools read and the
 * store alone knows, an exposed port from a port or URL ready check and a label naming the
 * template build it came from. Stateless.
 */
final class PushConfig {
  /** Label with the canonical ref (name@sha256:…) of the pushed template build. */
  static final String TEMPLATE_LABEL = "dev.templatestudio.template";
  private static final String READY_LABEL = "dev.templatestudio.ready";
  private static final ObjectMapper JSON = new ObjectMapper();

  private PushConfig() {}

  static ImageConfig forPush(ImageConfig built, String templateRef) {
    ImageConfig.Config c = built.config() == null
        ? new ImageConfig.Config(null, null, null, null, null, null, null) : built.config();
    Map<String, String> labels = new LinkedHashMap<>(c.labels() == null ? Map.of() : c.labels());
    labels.put(TEMPLATE_LABEL, templateRef);
    Map<String, Object> ports = new LinkedHashMap<>(c.exposedPorts() == null ? Map.of() : c.exposedPorts());
    Integer port = readyPort(labels.get(READY_LABEL));
    if (port != null) {
      ports.putIfAbsent(port + "/tcp", Map.of());
    }
    ImageConfig.Config pushed = new ImageConfig.Config(c.user(), c.env(), c.entrypoint(), c.cmd(), c.workingDir(),
        labels, ports.isEmpty() ? null : ports);
    return new ImageConfig(built.created(), built.architecture(), built.os(), pushed, built.rootfs(), built.history());
  }

  /** The port a ready check waits on, or null: a port check, or a URL with an explicit port. */
  static Integer readyPort(String readyJson) {
    if (readyJson == null) {
      return null;
    }
    try {
      JsonNode ready = JSON.readTree(readyJson);
      if ("port".equals(ready.path("type").asText()) && ready.path("port").canConvertToInt()) {
        return ready.path("port").asInt();
      }
      if ("url".equals(ready.path("type").asText())) {
        int port = URI.create(ready.path("url").asText()).getPort();
        return port > 0 ? port : null;
      }
    } catch (IOException | IllegalArgumentException e) {
      // A label that is no ready check of ours exposes nothing.
    }
    return null;
  }
}
