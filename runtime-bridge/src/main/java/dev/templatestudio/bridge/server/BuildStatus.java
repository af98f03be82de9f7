package dev.templatestudio.bridge.server;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.templatestudio.bridge.build.BuildEvent;

/**
 * A build as {@code GET /v1/builds/{id}} shows it (CONTRACT.md §6) and as the server keeps it
 * on disk: status {@code queued}, {@code building}, {@code ready}, {@code error} or
 * {@code cancelled}; the ref once ready; the {@code build-end} message when it did not end
 * ready (an extension, see docs/REMOTE.md).
 */
@JsonPropertyOrder({"build", "status", "ref", "message"})
record BuildStatus(
    String build,
    String status,
    String ref,
    @JsonInclude(JsonInclude.Include.NON_NULL) String message) {

  static final String QUEUED = "queued";
  static final String BUILDING = "building";

  static BuildStatus queued(String build) {
    return new BuildStatus(build, QUEUED, null, null);
  }

  static BuildStatus ended(BuildEvent end) {
    return new BuildStatus(end.build(), end.status(), end.ref(),
        BuildEvent.STATUS_READY.equals(end.status()) ? null : end.message());
  }

  @JsonIgnore
  boolean isEnded() {
    return !status.equals(QUEUED) && !status.equals(BUILDING);
  }
}
