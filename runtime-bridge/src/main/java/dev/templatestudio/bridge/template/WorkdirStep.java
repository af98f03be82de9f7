package dev.templatestudio.bridge.template;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The working directory of later steps and of the machine; an absolute path. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkdirStep(
    @JsonProperty(value = "path", required = true) String path,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean force) implements Step {

  public WorkdirStep(String path) {
    this(path, false);
  }

  @Override
  public WorkdirStep withForce(boolean force) {
    return new WorkdirStep(path, force);
  }
}
