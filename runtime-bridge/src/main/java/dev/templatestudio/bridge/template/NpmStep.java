package dev.templatestudio.bridge.template;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code npm install [-g]} of the given packages. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NpmStep(
    @JsonProperty(value = "packages", required = true) List<String> packages,
    boolean global,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean force) implements Step {

  public NpmStep {
    packages = Values.list(packages);
  }

  public NpmStep(List<String> packages, boolean global) {
    this(packages, global, false);
  }

  @Override
  public NpmStep withForce(boolean force) {
    return new NpmStep(packages, global, force);
  }
}
