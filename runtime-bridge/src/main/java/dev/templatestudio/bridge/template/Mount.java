package dev.templatestudio.bridge.template;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Set;

/**
 * A file system mounted for one run step only, as BuildKit's {@code RUN --mount}: nothing of it
 * stays in the image. {@code type} is {@code cache} (target, id, sharing), {@code bind}
 * (target, source, from a stage or an image, else the build context; rw), {@code secret} (id,
 * target or env, required) or {@code tmpfs} (target, size in bytes or with a unit).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Mount(
    @JsonProperty(value = "type", required = true) String type,
    String target,
    String source,
    Base from,
    String id,
    String sharing,
    Boolean rw,
    String env,
    Boolean required,
    String size) {

  /** The mount types a run step can have. */
  public static final Set<String> TYPES = Set.of("cache", "bind", "secret", "tmpfs");
  /** The sharing modes of a cache mount. */
  public static final Set<String> SHARING = Set.of("shared", "private", "locked");

  public static Mount cache(String target) {
    return new Mount("cache", target, null, null, null, null, null, null, null, null);
  }

  public static Mount bind(String target, String source, Base from) {
    return new Mount("bind", target, source, from, null, null, null, null, null, null);
  }

  public static Mount secret(String id, String target, String env) {
    return new Mount("secret", target, null, null, id, null, null, env, null, null);
  }

  public static Mount tmpfs(String target) {
    return new Mount("tmpfs", target, null, null, null, null, null, null, null, null);
  }
}
