package dev.templatestudio.bridge.template;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A named build stage (a Dockerfile's {@code FROM … AS name}): a base and steps of the same
 * kinds as the template's own, whose file system later stages copy or mount files from. Only
 * the template's own base and steps (the final stage) become the image; {@code shell} is the
 * command run steps of this stage run under, {@code ["/bin/sh", "-c"]} when absent.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Stage(
    @JsonProperty(value = "name", required = true) String name,
    @JsonProperty(value = "base", required = true) Base base,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> shell,
    List<Step> steps) {

  public Stage {
    shell = Values.list(shell);
    steps = Values.list(steps);
  }

  public Stage(String name, Base base, List<Step> steps) {
    this(name, base, null, steps);
  }
}
