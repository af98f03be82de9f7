package dev.templatestudio.bridge.machines;

import dev.templatestudio.bridge.io.StoreJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The warm pools a holder keeps, as they were set ({@code pool set REF --ready N [--max M]}), in
 * one JSON file written atomically: what a holder that starts again sets once more. Only the
 * settings: the machines themselves end with their holder.
 */
final class PoolSettings {
  /** One pool as set: {@code max} null for as many as fit. */
  record Setting(String ref, int ready, Integer max) {}

  /** The file's content. */
  record Kept(List<Setting> pools) {}

  private PoolSettings() {}

  /** The settings in {@code file}; none when it does not exist. */
  static List<Setting> read(Path file) throws IOException {
    return StoreJson.read(file, Kept.class).map(k -> k.pools() == null ? List.<Setting>of() : k.pools())
        .orElse(List.of());
  }

  static void write(Path file, Collection<Setting> settings) throws IOException {
    StoreJson.write(file, new Kept(settings.stream().sorted(Comparator.comparing(Setting::ref)).toList()));
  }
}
