package dev.templatestudio.bridge.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the body of {@code POST /v1/runs} (an extension, docs/REMOTE.md):
 * {@code {"ref":"name[:tag|@sha256:…]","command":["echo","hi"]}}. Every refusal is a 400 naming
 * the field. Unknown fields are ignored, as for builds.
 */
record RunPost(String ref, List<String> command) {

  static RunPost read(byte[] body) throws ApiError {
    JsonNode root;
    try {
      root = BuildJournal.JSON.readTree(body);
    } catch (IOException e) {
      throw new ApiError(400, "the body is not valid JSON");
    }
    if (root == null || !root.isObject()) {
      throw new ApiError(400, "the body must be a JSON object with \"ref\" and \"command\"");
    }
    JsonNode ref = root.get("ref");
    if (ref == null || !ref.isTextual() || ref.asText().isBlank()) {
      throw new ApiError(400, "\"ref\" must be a template ref such as \"web\", \"web:v1\" or \"web@sha256:…\"");
    }
    JsonNode command = root.get("command");
    if (command == null || !command.isArray() || command.isEmpty()) {
      throw new ApiError(400, "\"command\" must be a non-empty array of strings, the program and its arguments");
    }
    List<String> words = new ArrayList<>();
    for (JsonNode w : command) {
      if (!w.isTextual()) {
        throw new ApiError(400, "\"command\" must be a non-empty array of strings, the program and its arguments");
      }
      words.add(w.asText());
    }
    return new RunPost(ref.asText(), List.copyOf(words));
  }
}
