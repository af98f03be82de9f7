package dev.templatestudio.bridge.template;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
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

  /**
   * The secrets the run steps of {@code template} (and of its stages) mount, each once, in order:
   * a secret mount's id, else its target's last name. A build may be given their values like
   * those of the template's {@code secrets}.
   */
  public static List<String> secretIds(Template template) {
    List<Step> steps = new ArrayList<>();
    template.stages().forEach(stage -> steps.addAll(stage.steps()));
    steps.addAll(template.steps());
    List<String> ids = new ArrayList<>();
    for (Step step : steps) {
      if (step instanceof RunStep run) {
        for (Mount m : run.mounts()) {
          String id = m == null || !"secret".equals(m.type()) ? null
              : m.id() != null ? m.id() : m.target() == null ? null : m.target().substring(m.target().lastIndexOf('/') + 1);
          if (id != null && !ids.contains(id)) {
            ids.add(id);
          }
        }
      }
    }
    return ids;
  }
}
