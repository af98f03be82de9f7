package dev.templatestudio.bridge.embedded.store;

import dev.templatestudio.bridge.embedded.oci.ImageConfig;
import dev.templatestudio.bridge.io.Digests;
import dev.templatestudio.bridge.io.StoreJson;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
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

  /**
   * What one step produced.
   *
   * @param base the manifest digest of the base image, for step 0 (whose layers the entry
   *             keeps from being pruned); null for the other steps and in older stores
   */
  public record Entry(String diffId, long layerSize, ImageConfig.Config config, String createdBy, String base) {
    public Entry(String diffId, long layerSize, ImageConfig.Config config, String createdBy) {
      this(diffId, layerSize, config, createdBy, null);
    }

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

  /** Marks the entry as used now: prune drops least recently used entries first. */
  public void touch(String key) {
    try {
      Files.setLastModifiedTime(file(key), FileTime.fromMillis(System.currentTimeMillis()));
    } catch (IOException e) {
      // Only prune's order is affected.
    }
  }

  /** The keys of every entry (for prune). */
  public List<String> keys() throws IOException {
    List<String> keys = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        String hex = name.substring(0, name.length() - ".json".length());
        if (hex.matches("[0-9a-f]{64}")) {
          keys.add("sha256:" + hex);
        }
      }
    }
    return keys;
  }

  /** The folder of the entries. */
  public Path dir() {
    return dir;
  }

  /** The entry's file (for prune: its time of last use, its deletion). */
  public Path file(String key) {
    return dir.resolve(Digests.hex(key) + ".json");
  }
}
