package dev.templatestudio.bridge.template;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code git clone} of a repository into {@code path}, optionally one branch and shallow. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GitCloneStep(
    @JsonProperty(value = "url", required = true) String url,
    @JsonProperty(value = "path", required = true) String path,
    String branch,
    Integer depth,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean force) implements Step {

  public GitCloneStep(String url, String path) {
    this(url, path, null, null, false);
  }

  @Override
  public GitCloneStep withForce(boolean force) {
    return new GitCloneStep(url, path, branch, depth, force);
  }
}
