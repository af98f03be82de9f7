package dev.templatestudio.bridge.template;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** {@code apt-get update && apt-get install -y} of the given packages. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AptStep(
    @JsonProperty(value = "packages", required = true) List<String> packages,
    boolean noInstallRecommends,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean force) implements Step {

  public AptStep {
    packages = Values.list(packages);
  }

  public AptStep(List<String> packages) {
    this(packages, false, false);
  }

  @Override
  public AptStep withForce(boolean force) {
    return new AptStep(packages, noInstallRecommends, force);
  }
}
