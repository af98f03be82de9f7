package dev.templatestudio.bridge.embedded.image;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.templatestudio.bridge.io.AtomicWrite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which repositories of which registries a blob was pulled from or pushed to
 * ({@code ROOT/registry-blobs.json}), so a push can ask the registry to mount it from there
 * instead of uploading it again. Only a hint: a lost or stale entry costs an upload, never a
 * wrong image (the registry checks the digest), so concurrent writers may drop each other's
 * entries. Kept to the newest {@value #MAX_ENTRIES} blobs.
 */
final class BlobSources {
  private static final int MAX_ENTRIES = 2000;
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path file;

  BlobSources(Path storeRoot) {
    this.file = storeRoot.resolve("registry-blobs.json");
  }

  /** Repositories on {@code registry} known to hold {@code digest}, newest first. */
  synchronized List<String> repositories(String registry, String digest) {
    List<String> repositories = new ArrayList<>();
    for (String where : read().getOrDefault(digest, List.of())) {
      if (where.startsWith(registry + "/")) {
        repositories.add(where.substring(registry.length() + 1));
      }
    }
    return repositories;
  }

  synchronized void record(String registry, String repository, String digest) {
    Map<String, List<String>> all = read();
    List<String> places = new ArrayList<>(all.getOrDefault(digest, List.of()));
    String where = registry + "/" + repository;
    places.remove(where);
    places.add(0, where);
    all.remove(digest);
    all.put(digest, places.size() > 8 ? places.subList(0, 8) : places);
    while (all.size() > MAX_ENTRIES) {
      all.remove(all.keySet().iterator().next());
    }
    try {
      AtomicWrite.write(file, JSON.writeValueAsBytes(all));
    } catch (IOException e) {
      // Only a hint for later mounts: the pull or push itself succeeded.
    }
  }

  private Map<String, List<String>> read() {
    try {
      if (Files.isRegularFile(file)) {
        return new LinkedHashMap<>(JSON.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, List<String>>>() { }));
      }
    } catch (IOException e) {
      // A damaged hint file is started afresh.
    }
    return new LinkedHashMap<>();
  }
}
