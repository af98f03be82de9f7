package dev.templatestudio.bridge.template;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Files from the build context into the image. Sources are relative to the context folder and
 * may be patterns as in Docker's COPY ({@code *.py}, see {@link GlobPattern}); several sources
 * or matches need a {@code dest} ending in {@code /}. {@code user} is {@code user[:group]} and
 * {@code mode} an octal string such as {@code "0755"}. With {@code from} (a build stage or an
 * image) the sources are paths in that file system instead, as {@code COPY --from}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CopyStep(
    @JsonProperty(value = "sources", required = true) List<String> sources,
    @JsonProperty(value = "dest", required = true) String dest,
    String user,
    String mode,
    Base from,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean force) implements Step {

  public CopyStep {
    sources = Values.list(sources);
  }

  public CopyStep(List<String> sources, String dest, String user, String mode, boolean force) {
    this(sources, dest, user, mode, null, force);
  }

  public CopyStep(List<String> sources, String dest) {
    this(sources, dest, null, null, null, false);
  }

  @Override
  public CopyStep withForce(boolean force) {
    return new CopyStep(sources, dest, user, mode, from, force);
  }
}
