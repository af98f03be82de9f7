package dev.templatestudio.bridge.build;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.function.UnaryOperator;

/**
 * One build event (CONTRACT.md §5): the single event model shared by the CLI's jsonl
 * progress, the remote API's SSE stream and the studio's log view. Absent fields are null and
 * are left out of the JSON.
 *
 * <p>{@code step} 0 is the base, 1…N the template's steps. In a template with build stages, a
 * stage's step events carry {@code stage} (its name) and there {@code step} and {@code steps}
 * count within that stage; the final stage's events carry no {@code stage}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"seq", "time", "build", "kind", "stage", "step", "steps", "message", "cacheKey",
    "reason", "stream", "level", "status", "durationMs", "ref", "cacheHits"})
public record BuildEvent(
    long seq,
    String time,
    String build,
    String kind,
    Integer step,
    Integer steps,
    String message,
    String cacheKey,
    String reason,
    String stream,
    String level,
    String status,
    Long durationMs,
    String ref,
    Integer cacheHits,
    String stage) {

  public static final String BUILD_START = "build-start";
  public static final String STEP_START = "step-start";
  public static final String CACHE_HIT = "cache-hit";
  public static final String CACHE_MISS = "cache-miss";
  public static final String LOG = "log";
  public static final String STEP_END = "step-end";
  public static final String READY = "ready";
  public static final String BUILD_END = "build-end";

  public static final String STATUS_READY = "ready";
  public static final String STATUS_ERROR = "error";
  public static final String STATUS_CANCELLED = "cancelled";
  public static final String STATUS_DONE = "done";
  /**
   * A {@code ready} event's status when the check was not run again: the same image, under the
   * same limits, passed it in an earlier build, whose message the event carries.
   */
  public static final String STATUS_CACHED = "cached";

  /** An event without seq, time or build: {@link EventLog#append} stamps those. */
  public static Builder of(String kind) {
    return new Builder(kind);
  }

  /** This event with its sequence number, time and build id set. */
  public BuildEvent stamped(long seq, String time, String build) {
    return new BuildEvent(seq, time, build, kind, step, steps, message, cacheKey, reason, stream,
        level, status, durationMs, ref, cacheHits, stage);
  }

  /**
   * This event with every occurrence of the given secret values replaced by {@code ***}; this
   * very event when nothing was masked (the runtime's thread masks every event it logs, and a
   * copy per event was a fifth of what it allocated under a fast stream).
   */
  public BuildEvent masked(SecretMasker masker) {
    return withText(masker::mask);
  }

  /**
   * This event with its free text (message and reason) passed through {@code change}; this
   * very event when the text stays the same.
   */
  public BuildEvent withText(UnaryOperator<String> change) {
    String m = change.apply(message);
    String r = change.apply(reason);
    if (m == message && r == reason) {
      return this;
    }
    return new BuildEvent(seq, time, build, kind, step, steps, m, cacheKey, r, stream, level, status,
        durationMs, ref, cacheHits, stage);
  }

  /** This event, stamps and all, with another status and message: why a build ended, told anew. */
  public BuildEvent withStatus(String newStatus, String newMessage) {
    return new BuildEvent(seq, time, build, kind, step, steps, newMessage, cacheKey, reason, stream, level,
        newStatus, durationMs, ref, cacheHits, stage);
  }

  /** True for {@code build-end}; not a field of the event (CONTRACT.md §5). */
  @JsonIgnore
  public boolean isEnd() {
    return BUILD_END.equals(kind);
  }

  /** Fluent construction of unstamped events. */
  public static final class Builder {
    private final String kind;
    private Integer step;
    private Integer steps;
    private String message;
    private String cacheKey;
    private String reason;
    private String stream;
    private String level;
    private String status;
    private Long durationMs;
    private String ref;
    private Integer cacheHits;
    private String stage;

    private Builder(String kind) {
      this.kind = kind;
    }

    public Builder step(int step) {
      this.step = step;
      return this;
    }

    public Builder steps(int steps) {
      this.steps = steps;
      return this;
    }

    public Builder message(String message) {
      this.message = message;
      return this;
    }

    public Builder cacheKey(String cacheKey) {
      this.cacheKey = cacheKey;
      return this;
    }

    public Builder reason(String reason) {
      this.reason = reason;
      return this;
    }

    public Builder stream(String stream) {
      this.stream = stream;
      return this;
    }

    public Builder level(String level) {
      this.level = level;
      return this;
    }

    public Builder status(String status) {
      this.status = status;
      return this;
    }

    public Builder durationMs(long durationMs) {
      this.durationMs = durationMs;
      return this;
    }

    public Builder ref(String ref) {
      this.ref = ref;
      return this;
    }

    public Builder cacheHits(int cacheHits) {
      this.cacheHits = cacheHits;
      return this;
    }

    /** The build stage this step event belongs to; not set for the final stage. */
    public Builder stage(String stage) {
      this.stage = stage;
      return this;
    }

    public BuildEvent build() {
      return new BuildEvent(0, null, null, kind, step, steps, message, cacheKey, reason, stream,
          level, status, durationMs, ref, cacheHits, stage);
    }
  }
}
