package dev.templatestudio.bridge.template;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A shell command run in the image, as {@code user} when given. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunStep(
    @JsonProperty(value = "command", required = true) String command,
    String user,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean force) implements Step {

  public RunStep(String command) {
    this(command, null, false);
  }

  @Override
  public RunStep withForce(boolean force) {
    return new RunStep(command, user, force);
  }
}
