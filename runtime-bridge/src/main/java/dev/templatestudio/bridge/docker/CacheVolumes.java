package dev.templatestudio.bridge.docker;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The volumes the docker runtime leaves on an engine: each cache mount's
 * ({@code template-studio-cache-*}, kept between builds on purpose) and any bind volume
 * ({@code template-studio-bind-*}) a build that was killed could not remove. {@code prune
 * --runtime docker} removes those no container uses; the next build with a cache mount starts
 * it empty, as BuildKit's {@code docker builder prune} does. Stateless.
 */
public final class CacheVolumes {
  private static final List<String> PREFIXES = List.of("template-studio-cache-", "template-studio-bind-");

  private CacheVolumes() {}

  /** One volume: its name and size in bytes (-1 when the engine does not say). */
  public record Volume(String name, long bytes) {}

  /**
   * What a prune removed (or, dry, would remove) and what it kept because a container uses it.
   *
   * @param removed the volumes removed, or that would be
   * @param inUse the volumes kept: a running build or machine has them mounted
   */
  public record Pruned(List<Volume> removed, List<Volume> inUse) {
    /** The bytes the removed volumes held, of those whose size the engine said. */
    public long freedBytes() {
      return removed.stream().mapToLong(v -> Math.max(0, v.bytes())).sum();
    }
  }

  /** Removes (unless {@code dryRun}) the runtime's volumes on the engine at {@code host} that nothing uses. */
  public static Pruned prune(DockerHost host, boolean dryRun) throws IOException {
    DockerApi api = DockerApi.connect(host);
    Map<String, JsonNode> usage = usage(api);
    List<Volume> removed = new ArrayList<>();
    List<Volume> inUse = new ArrayList<>();
    JsonNode list = api.http().json("GET", "/volumes", null).path("Volumes");
    for (JsonNode v : list) {
      String name = v.path("Name").asText();
      if (PREFIXES.stream().noneMatch(name::startsWith)) {
        continue;
      }
      JsonNode used = usage.getOrDefault(name, v.path("UsageData"));
      Volume volume = new Volume(name, used.path("Size").asLong(-1));
      if (used.path("RefCount").asLong(0) > 0) {
        inUse.add(volume);
        continue;
      }
      try {
        if (!dryRun) {
          api.http().json("DELETE", "/volumes/" + DockerApi.q(name), null);
        }
        removed.add(volume);
      } catch (DockerException e) {
        if (e.status() != 409) {
          throw e;
        }
        // Mounted since the listing: a build started; its cache stays.
        inUse.add(volume);
      }
    }
    return new Pruned(List.copyOf(removed), List.copyOf(inUse));
  }

  /** The engine's usage of each volume (size, containers using it), from {@code GET /system/df}. */
  private static Map<String, JsonNode> usage(DockerApi api) throws IOException {
    Map<String, JsonNode> out = new HashMap<>();
    for (JsonNode v : api.http().json("GET", "/system/df", null).path("Volumes")) {
      out.put(v.path("Name").asText(), v.path("UsageData"));
    }
    return out;
  }
}
