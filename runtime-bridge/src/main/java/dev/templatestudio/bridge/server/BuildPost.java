package dev.templatestudio.bridge.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.template.Problem;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.TemplateFormatException;
import dev.templatestudio.bridge.template.TemplateJson;
import dev.templatestudio.bridge.template.TemplateValidator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the body of {@code POST /v1/builds} (CONTRACT.md §6) into a build request:
 * {@code {"template":{…},"context":"sha256:…","name":…,"tags":[…],"noCache":false,"recheckReady":false}} and the
 * extension {@code "secrets":{NAME:VALUE}}, whose values live only in the returned request.
 * The template goes through the same strict reader and validator as a template file; every
 * refusal is a 400 naming the place. Unknown top-level fields are ignored, so a newer client's
 * extensions do not break an older server. Stateless.
 */
final class BuildPost {
  private BuildPost() {}

  static BuildRequest read(byte[] body, ContextStore contexts) throws ApiError {
    JsonNode root;
    try {
      // The template reader's own mapper: a key given twice is refused here too.
      root = TemplateJson.mapper().readTree(body);
    } catch (JsonProcessingException e) {
      // Only the place: Jackson's own message may quote the body, secrets included.
      var at = e.getLocation();
      throw new ApiError(400, "the body is not valid JSON" + (at == null ? ""
          : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
    } catch (java.io.IOException e) {
      throw new ApiError(400, "the body could not be read");
    }
    if (root == null || !root.isObject()) {
      throw new ApiError(400, "the body must be a JSON object with a \"template\"");
    }
    Template template = template(root.get("template"));
    Path context = null;
    JsonNode ctx = root.get("context");
    if (ctx != null && !ctx.isNull()) {
      String hex = ContextStore.hex(text(ctx, "context"));
      if (!contexts.has(hex)) {
        throw new ApiError(409, "context sha256:" + hex + " is not on this server; PUT /v1/contexts/sha256:"
            + hex + " first");
      }
      contexts.touch(hex);
      context = contexts.path(hex);
    }
    LocalBases.checkAll(template, context);
    String name = optionalText(root.get("name"), "name");
    List<String> tags = new ArrayList<>();
    JsonNode tagsNode = root.get("tags");
    if (tagsNode != null && !tagsNode.isNull()) {
      if (!tagsNode.isArray()) {
        throw new ApiError(400, "\"tags\" must be an array of strings");
      }
      for (JsonNode t : tagsNode) {
        tags.add(text(t, "tags[]"));
      }
    }
    JsonNode noCache = root.get("noCache");
    if (noCache != null && !noCache.isNull() && !noCache.isBoolean()) {
      throw new ApiError(400, "\"noCache\" must be true or false");
    }
    JsonNode recheckReady = root.get("recheckReady");
    if (recheckReady != null && !recheckReady.isNull() && !recheckReady.isBoolean()) {
      throw new ApiError(400, "\"recheckReady\" must be true or false");
    }
    return new BuildRequest(template, context, name, tags, noCache != null && noCache.asBoolean(),
        secrets(root.get("secrets")), recheckReady != null && recheckReady.asBoolean());
  }

  private static Template template(JsonNode node) throws ApiError {
    if (node == null || !node.isObject()) {
      throw new ApiError(400, "the body needs \"template\": a template document (CONTRACT.md §3) as a JSON object");
    }
    Template template;
    try {
      template = TemplateJson.read(TemplateJson.mapper().writeValueAsString(node), "template");
    } catch (TemplateFormatException e) {
      String path = e.path() == null || e.path().equals("$") ? "" : " at " + e.path();
      throw new ApiError(400, "the template is not valid" + path + ": " + e.reason());
    } catch (JsonProcessingException e) {
      throw new ApiError(400, "the template is not valid JSON");
    }
    for (Problem p : TemplateValidator.validate(template)) {
      if (p.isError()) {
        throw new ApiError(400, "the template is not valid at " + p.place() + ": " + p.message());
      }
    }
    return template;
  }

  private static Map<String, String> secrets(JsonNode node) throws ApiError {
    Map<String, String> values = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return values;
    }
    if (!node.isObject()) {
      throw new ApiError(400, "\"secrets\" must be an object of secret names to values");
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      values.put(e.getKey(), text(e.getValue(), "secrets." + e.getKey()));
    }
    return values;
  }

  private static String optionalText(JsonNode node, String field) throws ApiError {
    return node == null || node.isNull() ? null : text(node, field);
  }

  private static String text(JsonNode node, String field) throws ApiError {
    if (!node.isTextual()) {
      throw new ApiError(400, "\"" + field + "\" must be a string");
    }
    return node.asText();
  }
}
