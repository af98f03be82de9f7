package dev.templatestudio.bridge.machines;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A machine as {@code machine ls} and {@code GET /v1/machines} show it. {@code state} is
 * {@code starting}, {@code ready}, {@code failed} (with {@code message}) or {@code removed};
 * {@code readyMillis} how long it took from create to ready; {@code cpuSeconds} and
 * {@code memoryBytes} what its processes use now (null once it stopped); {@code expiresAt}
 * when its timeout removes it (null: never).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MachineInfo(String id, String ref, String state, String createdAt, Long readyMillis,
    Double cpuSeconds, Long memoryBytes, String expiresAt, String message) {
  public static final String STARTING = "starting";
  public static final String READY = "ready";
  public static final String FAILED = "failed";
  public static final String REMOVED = "removed";
}
