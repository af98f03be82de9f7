package dev.templatestudio.bridge.template;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** Environment variables like Dockerfile {@code ENV}: set during the build and at run time. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnvStep(
    @JsonProperty(value = "vars", required = true) Map<String, String> vars,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean force) implements Step {

  public EnvStep {
    vars = Values.map(vars);
  }

  public EnvStep(Map<String, String> vars) {
    this(vars, false);
  }

  @Override
  public EnvStep withForce(boolean force) {
    return new EnvStep(vars, force);
  }
}
