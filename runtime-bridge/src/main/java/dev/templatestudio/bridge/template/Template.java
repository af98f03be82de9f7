package dev.templatestudio.bridge.template;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A machine template (CONTRACT.md §3): immutable. Edits make new templates through the
 * {@code with…} methods, which is what lets the studio keep undo history as plain values.
 * {@code base}, {@code shell} and {@code steps} are the final stage, the image that is built;
 * {@code stages} are the named build stages it copies or mounts files from (empty for most
 * templates, and then absent from the document). {@code lintIgnore} silences lint rules
 * (docs/lint.md).
 */
@JsonPropertyOrder({"schema", "name", "tags", "stages", "base", "shell", "steps", "runtimeEnvs", "buildEnvs",
    "secrets", "start", "resources", "force", "lintIgnore"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Template(
    String schema,
    String name,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> tags,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Stage> stages,
    Base base,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> shell,
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
    stages = Values.list(stages);
    shell = Values.list(shell);
    steps = Values.list(steps);
    runtimeEnvs = Values.map(runtimeEnvs);
    buildEnvs = Values.map(buildEnvs);
    secrets = Values.list(secrets);
    lintIgnore = Values.list(lintIgnore);
  }

  /** A template without build stages, shell or silenced lint rules, as every template was before them. */
  public Template(String schema, String name, List<String> tags, Base base, List<Step> steps,
      Map<String, String> runtimeEnvs, Map<String, String> buildEnvs, List<String> secrets,
      Start start, Resources resources, boolean force) {
    this(schema, name, tags, null, base, null, steps, runtimeEnvs, buildEnvs, secrets, start,
        resources, force, null);
  }

  /** A template without build stages or shell. */
  public Template(String schema, String name, List<String> tags, Base base, List<Step> steps,
      Map<String, String> runtimeEnvs, Map<String, String> buildEnvs, List<String> secrets, Start start,
      Resources resources, boolean force, List<String> lintIgnore) {
    this(schema, name, tags, null, base, null, steps, runtimeEnvs, buildEnvs, secrets, start,
        resources, force, lintIgnore);
  }

  /** A template that silences no lint rule. */
  public Template(String schema, String name, List<String> tags, List<Stage> stages, Base base,
      List<String> shell, List<Step> steps, Map<String, String> runtimeEnvs, Map<String, String> buildEnvs,
      List<String> secrets, Start start, Resources resources, boolean force) {
    this(schema, name, tags, stages, base, shell, steps, runtimeEnvs, buildEnvs, secrets, start,
        resources, force, null);
  }

  /** A template with only a base and steps. */
  public static Template of(Base base, List<Step> steps) {
    return new Template(SCHEMA, null, null, null, base, null, steps, null, null, null, null, null, false, null);
  }

  public Template withName(String name) {
    return new Template(schema, name, tags, stages, base, shell, steps, runtimeEnvs, buildEnvs, secrets, start, resources, force, lintIgnore);
  }

  public Template withTags(List<String> tags) {
    return new Template(schema, name, tags, stages, base, shell, steps, runtimeEnvs, buildEnvs, secrets, start, resources, force, lintIgnore);
  }

  public Template withStages(List<Stage> stages) {
    return new Template(schema, name, tags, stages, base, shell, steps, runtimeEnvs, buildEnvs, secrets, start, resources, force, lintIgnore);
  }

  public Template withShell(List<String> shell) {
    return new Template(schema, name, tags, stages, base, shell, steps, runtimeEnvs, buildEnvs, secrets, start, resources, force, lintIgnore);
  }

  public Template withBase(Base base) {
    return new Template(schema, name, tags, stages, base, shell, steps, runtimeEnvs, buildEnvs, secrets, start, resources, force, lintIgnore);
  }

  public Template withSteps(List<Step> steps) {
    return new Template(schema, name, tags, stages, base, shell, steps, runtimeEnvs, buildEnvs, secrets, start, resources, force, lintIgnore);
  }

  public Template withRuntimeEnvs(Map<String, String> runtimeEnvs) {
    return new Template(schema, name, tags, stages, base, shell, steps, runtimeEnvs, buildEnvs, secrets, start, resources, force, lintIgnore);
  }

  public Template withBuildEnvs(Map<String, String> buildEnvs) {
    return new Template(schema, name, tags, stages, base, shell, steps, runtimeEnvs, buildEnvs, secrets, start, resources, force, lintIgnore);
  }

  public Template withSecrets(List<String> secrets) {
    return new Template(schema, name, tags, stages, base, shell, steps, runtimeEnvs, buildEnvs, secrets, start, resources, force, lintIgnore);
  }

  public Template withStart(Start start) {
    return new Template(schema, name, tags, stages, base, shell, steps, runtimeEnvs, buildEnvs, secrets, start, resources, force, lintIgnore);
  }

  public Template withResources(Resources resources) {
    return new Template(schema, name, tags, stages, base, shell, steps, runtimeEnvs, buildEnvs, secrets, start, resources, force, lintIgnore);
  }

  public Template withForce(boolean force) {
    return new Template(schema, name, tags, stages, base, shell, steps, runtimeEnvs, buildEnvs, secrets, start, resources, force, lintIgnore);
  }

  /** This template with the lint rules {@code ids} silenced (docs/lint.md). */
  public Template withLintIgnore(List<String> ids) {
    return new Template(schema, name, tags, stages, base, shell, steps, runtimeEnvs, buildEnvs, secrets, start, resources, force, ids);
  }

  /** This template with step {@code index} (0-based in {@link #steps()}) replaced. */
  public Template withStep(int index, Step step) {
    List<Step> copy = new ArrayList<>(steps);
    copy.set(index, step);
    return withSteps(copy);
  }
}
