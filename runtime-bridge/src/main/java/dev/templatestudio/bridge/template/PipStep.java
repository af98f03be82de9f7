package dev.templatestudio.bridge.template;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code pip install} of the given packages. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PipStep(
    @JsonProperty(value = "packages", required = true) List<String> packages,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean force) implements Step {

  public PipStep {
    packages = Values.list(packages);
  }

  public PipStep(List<String> packages) {
    this(packages, false);
  }

  @Override
  public PipStep withForce(boolean force) {
    return new PipStep(packages, force);
  }
}
