package dev.templatestudio.bridge.docker;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * An image config as the Dockerfile-like {@code changes} of a commit, for engines whose commit
 * takes no config body (Podman 4): ENV, LABEL, WORKDIR, USER, EXPOSE, and ENTRYPOINT and CMD in
 * JSON form, so the step container's idle shell never stays the image's command. Podman reads an
 * ENV or LABEL value literally (a value wholly in double quotes loses them). Stateless.
 */
final class CommitChanges {
  private CommitChanges() {}

  static List<String> of(JsonNode config) {
    List<String> changes = new ArrayList<>();
    for (JsonNode kv : config.path("Env")) {
      changes.add("ENV " + kv.asText());
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = config.path("Labels").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      changes.add("LABEL " + e.getKey() + "=" + e.getValue().asText());
    }
    if (!config.path("WorkingDir").asText("").isEmpty()) {
      changes.add("WORKDIR " + config.path("WorkingDir").asText());
    }
    if (!config.path("User").asText("").isEmpty()) {
      changes.add("USER " + config.path("User").asText());
    }
    config.path("ExposedPorts").fieldNames().forEachRemaining(port -> changes.add("EXPOSE " + port));
    changes.add("ENTRYPOINT " + json(config.path("Entrypoint")));
    changes.add("CMD " + json(config.path("Cmd")));
    return changes;
  }

  private static String json(JsonNode list) {
    return list.isArray() ? list.toString() : "[]";
  }
}
