package dev.templatestudio.bridge.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.templatestudio.bridge.io.Digests;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.DownloadStep;
import dev.templatestudio.bridge.template.EnvStep;
import dev.templatestudio.bridge.template.Step;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.TemplateJson;
import dev.templatestudio.bridge.template.UserStep;
import dev.templatestudio.bridge.template.WorkdirStep;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * The canonical JSON of a build step (keys sorted, {@code force} left out, plus the build envs,
 * secret names and shell for steps that run commands) and the cache key chain built from it.
 * Stateless and thread-safe.
 */
public final class StepCanon {
  private static final ObjectMapper MAPPER = TemplateJson.mapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** The field of a canonical step holding the step as it runs, when expanding variables changed it. */
  public static final String EXPANDED = "expanded";
  /** The field of a canonical step holding the result of the stage or image it takes files from. */
  public static final String FROM_RESULT = "fromResult";
  /**
   * The version of what a key stands for, in the base's canonical JSON and so in every key
   * after it. Raised when steps start to run with something other than before (since 2:
   * build envs expanded, a base template's runtime envs left out), so entries made under the
   * old rules miss once instead of restoring what a build now would not make.
   */
  public static final int VERSION = 2;

  private StepCanon() {}

  /**
   * The base as the cache sees it: what was asked for and the manifest it resolved to; for a
   * build stage, {@code manifestDigest} is the stage's result ({@link #FROM_RESULT}).
   */
  public static JsonNode base(Base base, String manifestDigest) {
    ObjectNode node = NODES.objectNode();
    node.put("base", base.isTemplate() ? "template " + base.template()
        : base.isStage() ? "stage " + base.stage() : base.image());
    node.put("manifest", manifestDigest);
    node.put("canon", VERSION);
    return node;
  }

  /**
   * The step's canonical JSON within {@code template}; when expanding its variables changed
   * it, {@code expanded} (the step as it runs) under {@code "expanded"}, so that a build env
   * its words use is part of its key.
   */
  public static JsonNode step(Step step, Template template, Step expanded) {
    ObjectNode node = fields(step);
    if (!expanded.withForce(false).equals(step.withForce(false))) {
      node.set(EXPANDED, fields(expanded));
    }
    if (runsCommands(step)) {
      if (!template.buildEnvs().isEmpty()) {
        node.set("buildEnvs", MAPPER.valueToTree(template.buildEnvs()));
      }
      if (!template.secrets().isEmpty()) {
        node.set("secrets", MAPPER.valueToTree(template.secrets()));
      }
      if (!template.shell().isEmpty()) {
        node.set("shell", MAPPER.valueToTree(template.shell()));
      }
    }
    return sorted(node);
  }

  /**
   * {@code canonical} of a step that takes files {@code from} a stage or an image, with what it
   * takes them from: the stage's result (the cache key of its last step) or the image's manifest
   * digest, so a changed stage misses the step (MissReasons says so).
   */
  public static JsonNode withFromResult(JsonNode canonical, String result) {
    ObjectNode node = (ObjectNode) canonical.deepCopy();
    node.put(FROM_RESULT, result);
    return sorted(node);
  }

  private static ObjectNode fields(Step step) {
    ObjectNode node = MAPPER.valueToTree(step.withForce(false));
    node.remove("force");
    node.put("type", step.type());
    return node;
  }

  /** True for steps that run a shell command in the image (all but copy, download, env, workdir, user). */
  public static boolean runsCommands(Step step) {
    return !(step instanceof CopyStep || step instanceof DownloadStep || step instanceof EnvStep
        || step instanceof WorkdirStep || step instanceof UserStep);
  }

  /** The cache key of a step: its parent's key, its canonical JSON and its input files. */
  public static String key(String parentKey, JsonNode canonical, String inputsDigest) {
    MessageDigest sha = Digests.sha256();
    sha.update((parentKey == null ? "" : parentKey).getBytes(StandardCharsets.UTF_8));
    sha.update((byte) '\n');
    sha.update(text(canonical).getBytes(StandardCharsets.UTF_8));
    sha.update((byte) '\n');
    sha.update((inputsDigest == null ? "" : inputsDigest).getBytes(StandardCharsets.UTF_8));
    return Digests.of(sha.digest());
  }

  /** Compact JSON text of a canonical node. */
  private static String text(JsonNode node) {
    return node.toString();
  }

  /** A copy of {@code node} with every object's fields in sorted order. */
  public static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      Iterator<String> it = node.fieldNames();
      it.forEachRemaining(names::add);
      Collections.sort(names);
      ObjectNode out = NODES.objectNode();
      for (String n : names) {
        out.set(n, sorted(node.get(n)));
      }
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = NODES.arrayNode();
      node.forEach(e -> out.add(sorted(e)));
      return out;
    }
    return node;
  }
}
