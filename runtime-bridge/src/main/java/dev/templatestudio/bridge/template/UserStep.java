package dev.templatestudio.bridge.template;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The user that later steps and the machine's start command run as. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UserStep(
    @JsonProperty(value = "name", required = true) String name,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean force) implements Step {

  public UserStep(String name) {
    this(name, false);
  }

  @Override
  public UserStep withForce(boolean force) {
    return new UserStep(name, force);
  }
}
