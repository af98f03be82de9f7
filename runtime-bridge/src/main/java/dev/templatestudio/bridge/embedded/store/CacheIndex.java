package dev.templatestudio.bridge.embedded.store;

import dev.templatestudio.bridge.embedded.oci.ImageConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The build cache: {@code ROOT/cache/<key hex>.json}, one file per step cache key, holding the
 * layer the step made (none for env, workdir and user) and the image run config after it. An
 * entry is written last, after its layer blob and unpacked layer exist, so a reader that finds
 * an entry finds its layer too. Thread- and process-safe (whole-file atomic writes).
 */
public final class CacheIndex {
  private final Path dir;

  CacheIndex(Path dir) throws IOException {
    this.dir = Files.createDirectories(dir);
  }

  /** What one step produced. */
  public record Entry(String diffId, long layerSize, ImageConfig.Config config, String createdBy) {
    public boolean hasLayer() {
      return diffId != null;
    }
  }

  public Optional<Entry> get(String key) throws IOException {
    return StoreJson.read(file(key), Entry.class);
  }

  public void put(String key, Entry entry) throws IOException {
    StoreJson.write(file(key), entry);
  }

  private Path file(String key) {
    return dir.resolve(Digests.hex(key) + ".json");
  }
}
