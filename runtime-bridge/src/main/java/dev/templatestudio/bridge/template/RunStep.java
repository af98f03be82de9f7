package dev.templatestudio.bridge.template;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A shell command run in the image, as {@code user} when given, with {@code mounts} present
 * while it runs (BuildKit's {@code RUN --mount}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunStep(
    @JsonProperty(value = "command", required = true) String command,
    String user,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Mount> mounts,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean force) implements Step {

  public RunStep {
    mounts = Values.list(mounts);
  }

  public RunStep(String command, String user, boolean force) {
    this(command, user, null, force);
  }

  public RunStep(String command) {
    this(command, null, null, false);
  }

  @Override
  public RunStep withForce(boolean force) {
    return new RunStep(command, user, mounts, force);
  }
}
