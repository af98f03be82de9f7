package dev.templatestudio.bridge.template;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A machine template (CONTRACT.md §3): immutable. Edits make new templates through the
 * {@code with…} methods, which is what lets the studio keep undo history as plain values.
 */
@JsonPropertyOrder({"schema", "name", "tags", "base", "steps", "runtimeEnvs", "buildEnvs",
    "secrets", "start", "resources", "force", "lintIgnore"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Template(
    String schema,
    String name,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> tags,
    Base base,
    List<Step> steps,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> runtimeEnvs,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> buildEnvs,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> secrets,
    Start start,
    Resources resources,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean force,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> lintIgnore) {

  /** The schema name every document carries. */
  public static final String SCHEMA = "template-studio/v1";

  public Template {
    schema = schema == null ? SCHEMA : schema;
    tags = Values.list(tags);
    steps = Values.list(steps);
    runtimeEnvs = Values.map(runtimeEnvs);
    buildEnvs = Values.map(buildEnvs);
    secrets = Values.list(secrets);
    lintIgnore = Values.list(lintIgnore);
  }

  /** A template that silences no lint rule (docs/lint.md). */
  public Template(String schema, String name, List<String> tags, Base base, List<Step> steps,
      Map<String, String> runtimeEnvs, Map<String, String> buildEnvs, List<String> secrets, Start start,
      Resources resources, boolean force) {
    this(schema, name, tags, base, steps, runtimeEnvs, buildEnvs, secrets, start, resources, force, null);
  }

  /** A template with only a base and steps. */
  public static Template of(Base base, List<Step> steps) {
    return new Template(SCHEMA, null, null, base, steps, null, null, null, null, null, false);
  }

  public Template withName(String name) {
    return new Template(schema, name, tags, base, steps, runtimeEnvs, buildEnvs, secrets, start,
        resources, force, lintIgnore);
  }

  public Template withTags(List<String> tags) {
    return new Template(schema, name, tags, base, steps, runtimeEnvs, buildEnvs, secrets, start,
        resources, force, lintIgnore);
  }

  public Template withBase(Base base) {
    return new Template(schema, name, tags, base, steps, runtimeEnvs, buildEnvs, secrets, start,
        resources, force, lintIgnore);
  }

  public Template withSteps(List<Step> steps) {
    return new Template(schema, name, tags, base, steps, runtimeEnvs, buildEnvs, secrets, start,
        resources, force, lintIgnore);
  }

  public Template withRuntimeEnvs(Map<String, String> runtimeEnvs) {
    return new Template(schema, name, tags, base, steps, runtimeEnvs, buildEnvs, secrets, start,
        resources, force, lintIgnore);
  }

  public Template withBuildEnvs(Map<String, String> buildEnvs) {
    return new Template(schema, name, tags, base, steps, runtimeEnvs, buildEnvs, secrets, start,
        resources, force, lintIgnore);
  }

  public Template withSecrets(List<String> secrets) {
    return new Template(schema, name, tags, base, steps, runtimeEnvs, buildEnvs, secrets, start,
        resources, force, lintIgnore);
  }

  public Template withStart(Start start) {
    return new Template(schema, name, tags, base, steps, runtimeEnvs, buildEnvs, secrets, start,
        resources, force, lintIgnore);
  }

  public Template withResources(Resources resources) {
    return new Template(schema, name, tags, base, steps, runtimeEnvs, buildEnvs, secrets, start,
        resources, force, lintIgnore);
  }

  public Template withForce(boolean force) {
    return new Template(schema, name, tags, base, steps, runtimeEnvs, buildEnvs, secrets, start,
        resources, force, lintIgnore);
  }

  /** This template with the lint rules {@code ids} silenced (docs/lint.md). */
  public Template withLintIgnore(List<String> ids) {
    return new Template(schema, name, tags, base, steps, runtimeEnvs, buildEnvs, secrets, start,
        resources, force, ids);
  }

  /** This template with step {@code index} (0-based in {@link #steps()}) replaced. */
  public Template withStep(int index, Step step) {
    List<Step> copy = new ArrayList<>(steps);
    copy.set(index, step);
    return withSteps(copy);
  }
}
