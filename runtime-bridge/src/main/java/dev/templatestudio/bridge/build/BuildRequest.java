package dev.templatestudio.bridge.build;

import dev.templatestudio.bridge.template.Template;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What to build: a template, the folder its copy sources are relative to, the name and tags to
 * publish it under (falling back to the template's own), whether to skip the cache, the
 * values of the template's secrets (never stored, never logged), and whether to start the
 * machine for its ready check even when the same image passed it before.
 */
public record BuildRequest(
    Template template,
    Path context,
    String name,
    List<String> tags,
    boolean noCache,
    Map<String, String> secretValues,
    boolean recheckReady) {

  public BuildRequest {
    tags = tags == null ? List.of() : List.copyOf(tags);
    secretValues = secretValues == null ? Map.of() : Map.copyOf(secretValues);
  }

  /** A request that takes a ready check passed by the same image from the cache. */
  public BuildRequest(Template template, Path context, String name, List<String> tags, boolean noCache,
      Map<String, String> secretValues) {
    this(template, context, name, tags, noCache, secretValues, false);
  }

  /** This request, starting the machine to check it gets ready even when the cache knows it does. */
  public BuildRequest withRecheckReady(boolean recheck) {
    return new BuildRequest(template, context, name, tags, noCache, secretValues, recheck);
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
