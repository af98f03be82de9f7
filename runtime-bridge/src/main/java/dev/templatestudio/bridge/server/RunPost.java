package dev.templatestudio.bridge.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.templatestudio.bridge.template.Resources;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the body of {@code POST /v1/runs} (an extension, docs/REMOTE.md):
 * {@code {"ref":"name[:tag|@sha256:…]","command":["echo","hi"]}}, optionally with
 * {@code "resources":{"cpus":N,"memoryMb":N}} in place of the template's. Every refusal is a
 * 400 naming the field. Unknown fields are ignored, as for builds.
 */
record RunPost(String ref, List<String> command, Resources resources) {

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
    return new RunPost(ref.asText(), command(root.get("command")), resources(root.get("resources")));
  }

  /** A request's {@code "command"}: the program and its arguments, as a run and an exec take it. */
  static List<String> command(JsonNode command) throws ApiError {
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
    return List.copyOf(words);
  }

  /** The run's {@code resources}, null when absent; each field in the template's bounds. */
  private static Resources resources(JsonNode node) throws ApiError {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      throw new ApiError(400, "\"resources\" must be an object such as {\"cpus\": 2, \"memoryMb\": 1024}");
    }
    return new Resources(bounded(node, "cpus", Resources.MIN_CPUS, Resources.MAX_CPUS),
        bounded(node, "memoryMb", Resources.MIN_MEMORY_MB, Resources.MAX_MEMORY_MB));
  }

  private static Integer bounded(JsonNode resources, String field, int min, int max) throws ApiError {
    JsonNode v = resources.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isInt() || v.asInt() < min || v.asInt() > max) {
      throw new ApiError(400, "\"resources." + field + "\" must be a whole number from " + min + " to " + max);
    }
    return v.asInt();
  }
}
