package dev.templatestudio.bridge.build;

import dev.templatestudio.bridge.template.Template;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What to build: a template, the folder its copy sources are relative to, the name and tags to
 * publish it under (falling back to the template's own), whether to skip the cache, and the
 * values of the template's secrets (never stored, never logged).
 */
public record BuildRequest(
    Template template,
    Path context,
    String name,
    List<String> tags,
    boolean noCache,
    Map<String, String> secretValues) {

  public BuildRequest {
    tags = tags == null ? List.of() : List.copyOf(tags);
    secretValues = secretValues == null ? Map.of() : Map.copyOf(secretValues);
  }

  public static BuildRequest of(Template template, Path context) {
    return new BuildRequest(template, context, null, null, false, null);
  }

  /** The name the template is published under: the request's, else the template's. */
  public String effectiveName() {
    return name != null ? name : template.name();
  }

  /** The name a build goes by in its checks and messages: {@link #effectiveName}, or "unnamed" for none. */
  public String nameOrUnnamed() {
    String n = effectiveName();
    return n == null ? "unnamed" : n;
  }

  /** The tags: the request's when given, else the template's. */
  public List<String> effectiveTags() {
    return !tags.isEmpty() ? tags : template.tags();
  }
}
