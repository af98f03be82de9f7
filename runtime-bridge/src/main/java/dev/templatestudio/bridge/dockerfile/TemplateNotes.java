package dev.templatestudio.bridge.dockerfile;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.templatestudio.bridge.template.TemplateJson;

/**
 * The comment convention that carries what a plain Dockerfile cannot say (docs/DOCKERFILE.md):
 * lines {@code # template-studio: KIND [VALUE]}. Docker reads them as comments; only the
 * importer gives them meaning. Values that are not plain text are JSON.
 */
final class TemplateNotes {
  static final String PREFIX = "template-studio:";
  static final String LINE_PREFIX = "# " + PREFIX + " ";

  /** Template-wide: the name, tags, secrets, resources and force of the whole build. */
  static final String NAME = "name";
  static final String TAGS = "tags";
  static final String SECRETS = "secrets";
  static final String RESOURCES = "resources";
  static final String FORCE_BUILD = "force-build";
  /** Template-wide: the lint rules the template silences (docs/lint.md). */
  static final String LINT_IGNORE = "lint-ignore";
  /** Before FROM: the base is an earlier template, not an image. */
  static final String FROM_TEMPLATE = "from-template";
  /** Before FROM: the base as JSON, for references FROM cannot hold. */
  static final String BASE = "base";
  /** Before ARG: the build env's value as a JSON string, for values ARG cannot hold. */
  static final String BUILD_ENV = "build-env";
  /** Before a step: the step skips the cache. */
  static final String FORCE = "force";
  /** Before USER, RUN, USER: the RUN is one step run as that user. */
  static final String RUN_AS = "run-as";
  /** Before RUN git clone: the RUN is a git-clone step. */
  static final String GIT_CLONE = "git-clone";
  /** Before any instruction: the step as JSON; the instruction is only for Docker. */
  static final String STEP = "step";
  /** After the steps: a runtime env as {@code K=V} (V plain, or a JSON string). */
  static final String RUNTIME_ENV = "runtime-env";
  /** The ready check as JSON, for checks HEALTHCHECK or EXPOSE cannot say. */
  static final String READY = "ready";
  /** A start part with neither command nor ready check. */
  static final String START_EMPTY = "start-empty";

  private TemplateNotes() {}

  static String line(String kind) {
    return LINE_PREFIX + kind;
  }

  static String line(String kind, String value) {
    return LINE_PREFIX + kind + " " + value;
  }

  /** Compact JSON of a model value (a step, a ready check, a base or a string). */
  static String json(Object value) {
    try {
      return TemplateJson.mapper().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("model values always serialise", e);
    }
  }

  /** A {@code K=V} value: as is when plain, else a JSON string. */
  static String keyValue(String key, String value) {
    boolean plain = !value.isEmpty() && !value.startsWith("\"") && value.equals(value.strip())
        && value.chars().noneMatch(Character::isISOControl);
    return key + "=" + (plain ? value : json(value));
  }
}
