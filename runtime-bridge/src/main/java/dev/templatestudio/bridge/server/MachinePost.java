package dev.templatestudio.bridge.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.templatestudio.bridge.machines.Fallback;
import dev.templatestudio.bridge.machines.MachineRequest;
import dev.templatestudio.bridge.template.Resources;
import java.io.IOException;
import dev.templatestudio.bridge.machines.Publish;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the bodies of the machine requests (docs/MACHINES.md): {@code POST /v1/machines}
 * {@code {"ref":…,"timeoutSeconds":N,"resources":{…},"env":{K:V},"publish":["8080:80"],"network":"host"}} and {@code POST
 * /v1/machines/{id}/exec} {@code {"command":[…],"stdin":"text"}} and {@code POST /v1/pools}
 * {@code {"ref":…,"ready":N,"max":M}}. Every refusal is a 400 naming
 * the field; unknown fields are ignored, as for builds. Stateless.
 */
final class MachinePost {
  /** Ports one machine may publish: each costs a listener thread. */
  static final int MAX_PUBLISH = 32;

  private MachinePost() {}

  /** A command and the text it reads on its standard input (null: none). */
  record Exec(List<String> command, String stdin) {}

  static MachineRequest create(byte[] body) throws ApiError {
    JsonNode root = object(body, "\"ref\"");
    JsonNode ref = root.get("ref");
    if (ref == null || !ref.isTextual() || ref.asText().isBlank()) {
      throw new ApiError(400, "\"ref\" must be a template ref such as \"web\", \"web:v1\" or \"web@sha256:…\"");
    }
    long timeout = 0;
    JsonNode t = root.get("timeoutSeconds");
    if (t != null && !t.isNull()) {
      if (!t.canConvertToLong() || !t.isIntegralNumber() || t.asLong() < 0) {
        throw new ApiError(400, "\"timeoutSeconds\" must be a whole number of seconds from 0 (0: until removed)");
      }
      timeout = t.asLong();
    }
    Resources resources = null;
    JsonNode r = root.get("resources");
    if (r != null && !r.isNull()) {
      try {
        resources = BuildJournal.JSON.treeToValue(r, Resources.class);
      } catch (IOException | IllegalArgumentException e) {
        throw new ApiError(400, "\"resources\" must be {\"cpus\":N,\"memoryMb\":N}");
      }
    }
    Map<String, String> env = new LinkedHashMap<>();
    JsonNode e = root.get("env");
    if (e != null && !e.isNull()) {
      if (!e.isObject()) {
        throw new ApiError(400, "\"env\" must be an object of names to values");
      }
      for (var field : (Iterable<Map.Entry<String, JsonNode>>) e::fields) {
        if (!field.getValue().isTextual() || field.getKey().isEmpty() || field.getKey().contains("=")) {
          throw new ApiError(400, "\"env." + field.getKey() + "\" must be a name without = and a string value");
        }
        env.put(field.getKey(), field.getValue().asText());
      }
    }
    JsonNode f = root.get("fallback");
    Fallback fallback = null;
    if (f != null && !f.isNull()) {
      fallback = f.isTextual() ? Fallback.parse(f.asText()) : null;
      if (fallback == null) {
        throw new ApiError(400, "\"fallback\" must be \"wait\", \"cold\" or \"fail\"");
      }
    }
    List<Publish> publish = new ArrayList<>();
    JsonNode p = root.get("publish");
    if (p != null && !p.isNull()) {
      if (!p.isArray() || p.size() > MAX_PUBLISH) {
        throw new ApiError(400, "\"publish\" must be a list of at most " + MAX_PUBLISH + " \"HOSTPORT:PORT\"");
      }
      for (JsonNode one : p) {
        try {
          publish.add(Publish.parse(one.isTextual() ? one.asText() : one.toString()));
        } catch (IllegalArgumentException bad) {
          throw new ApiError(400, "\"publish\": " + bad.getMessage().replaceFirst("^--publish ", ""));
        }
      }
    }
    JsonNode n = root.get("network");
    if (n != null && !n.isNull() && !(n.isTextual() && n.asText().equals("host"))) {
      throw new ApiError(400, "\"network\" must be \"host\" or left out (a network of the machine's own)");
    }
    boolean host = n != null && !n.isNull();
    if (host && !publish.isEmpty()) {
      throw new ApiError(400, "\"publish\" and \"network\":\"host\" do not go together: on the host's network "
          + "the machine's ports are the host's own");
    }
    return new MachineRequest(ref.asText(), timeout, resources, env, fallback, publish, host);
  }

  /** A pool request: {@code {"ref":…,"ready":N,"max":M}}, max optional. */
  record Pool(String ref, int ready, Integer max) {}

  static Pool pool(byte[] body) throws ApiError {
    JsonNode root = object(body, "\"ref\" and \"ready\"");
    JsonNode ref = root.get("ref");
    if (ref == null || !ref.isTextual() || ref.asText().isBlank()) {
      throw new ApiError(400, "\"ref\" must be a template ref such as \"web\" or \"web:stable\"");
    }
    JsonNode ready = root.get("ready");
    if (ready == null || !ready.isInt() || ready.asInt() < 0) {
      throw new ApiError(400, "\"ready\" must be a whole number of machines from 0");
    }
    JsonNode max = root.get("max");
    if (max != null && !max.isNull() && (!max.isInt() || max.asInt() < ready.asInt())) {
      throw new ApiError(400, "\"max\" must be a whole number, at least \"ready\"");
    }
    return new Pool(ref.asText(), ready.asInt(), max == null || max.isNull() ? null : max.asInt());
  }

  static Exec exec(byte[] body) throws ApiError {
    JsonNode root = object(body, "\"command\"");
    List<String> words = RunPost.command(root.get("command"));
    JsonNode stdin = root.get("stdin");
    if (stdin != null && !stdin.isNull() && !stdin.isTextual()) {
      throw new ApiError(400, "\"stdin\" must be the text the command reads");
    }
    return new Exec(words, stdin == null || stdin.isNull() ? null : stdin.asText());
  }

  private static JsonNode object(byte[] body, String needs) throws ApiError {
    JsonNode root;
    try {
      root = BuildJournal.JSON.readTree(body);
    } catch (IOException e) {
      throw new ApiError(400, "the body is not valid JSON");
    }
    if (root == null || !root.isObject()) {
      throw new ApiError(400, "the body must be a JSON object with " + needs);
    }
    return root;
  }
}
