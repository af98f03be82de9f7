package dev.templatestudio.bridge.machines;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A warm pool as {@code pool ls} and {@code GET /v1/pools} show it: the ref it was set for,
 * the build that ref names now ({@code builds}), how many ready machines it keeps
 * ({@code ready}) and holds at most ({@code max}, ready and handed out together), and now:
 * {@code idle} (ready, waiting), {@code starting} and {@code inUse} (handed out, not yet
 * removed). {@code lastError} is why the last start failed, while the pool backs off.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PoolInfo(String ref, String builds, int ready, int max, int idle, int starting, int inUse,
    String lastError, Long retryInSeconds) {}
