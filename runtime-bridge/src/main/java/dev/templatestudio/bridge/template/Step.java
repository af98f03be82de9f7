package dev.templatestudio.bridge.template;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One build step of a template (CONTRACT.md §3). Immutable; every implementation is a record.
 * {@link #force()} means this step and every step after it skip the cache.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = RunStep.class, name = "run"),
    @JsonSubTypes.Type(value = AptStep.class, name = "apt"),
    @JsonSubTypes.Type(value = PipStep.class, name = "pip"),
    @JsonSubTypes.Type(value = NpmStep.class, name = "npm"),
    @JsonSubTypes.Type(value = CopyStep.class, name = "copy"),
    @JsonSubTypes.Type(value = GitCloneStep.class, name = "git-clone"),
    @JsonSubTypes.Type(value = EnvStep.class, name = "env"),
    @JsonSubTypes.Type(value = WorkdirStep.class, name = "workdir"),
    @JsonSubTypes.Type(value = UserStep.class, name = "user"),
    @JsonSubTypes.Type(value = DownloadStep.class, name = "download"),
})
public sealed interface Step
    permits RunStep, AptStep, PipStep, NpmStep, CopyStep, GitCloneStep, EnvStep, WorkdirStep, UserStep,
        DownloadStep {

  /** The {@code "type"} name of this step in the template JSON. */
  default String type() {
    return StepTypes.nameOf(getClass());
  }

  /** True when this step and all after it skip the cache. */
  boolean force();

  /** The same step with {@code force} set as given. */
  Step withForce(boolean force);
}
