package dev.templatestudio.bridge.template;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * How to tell that a started machine is ready (CONTRACT.md §3, READY). Every check has an
 * optional {@code timeoutSeconds}: how long to wait before the start counts as failed.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Ready.Port.class, name = "port"),
    @JsonSubTypes.Type(value = Ready.Url.class, name = "url"),
    @JsonSubTypes.Type(value = Ready.File.class, name = "file"),
    @JsonSubTypes.Type(value = Ready.Process.class, name = "process"),
    @JsonSubTypes.Type(value = Ready.Command.class, name = "command"),
    @JsonSubTypes.Type(value = Ready.Timeout.class, name = "timeout"),
})
public sealed interface Ready {

  /** The {@code "type"} name of this check in the template JSON. */
  default String type() {
    return StepTypes.nameOf(getClass());
  }

  /** Seconds to wait for readiness, or null for the runtime's default. */
  Integer timeoutSeconds();

  /** Ready when something listens on {@code port}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Port(@JsonProperty(value = "port", required = true) int port, Integer timeoutSeconds)
      implements Ready {
    public Port(int port) {
      this(port, null);
    }
  }

  /** Ready when {@code url} answers with {@code status} (any 2xx when absent). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Url(@JsonProperty(value = "url", required = true) String url, Integer status,
      Integer timeoutSeconds) implements Ready {
    public Url(String url) {
      this(url, null, null);
    }
  }

  /** Ready when {@code path} exists. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record File(@JsonProperty(value = "path", required = true) String path, Integer timeoutSeconds)
      implements Ready {
    public File(String path) {
      this(path, null);
    }
  }

  /** Ready when a process called {@code name} runs. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Process(@JsonProperty(value = "name", required = true) String name,
      Integer timeoutSeconds) implements Ready {
    public Process(String name) {
      this(name, null);
    }
  }

  /** Ready when {@code command} exits 0. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Command(@JsonProperty(value = "command", required = true) String command,
      Integer timeoutSeconds) implements Ready {
    public Command(String command) {
      this(command, null);
    }
  }

  /** Ready after a fixed number of seconds. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Timeout(@JsonProperty(value = "seconds", required = true) int seconds,
      Integer timeoutSeconds) implements Ready {
    public Timeout(int seconds) {
      this(seconds, null);
    }
  }
}
