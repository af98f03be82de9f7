package dev.templatestudio.bridge.embedded.store;

import dev.templatestudio.bridge.io.StoreJson;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The small JSON records the store keeps beside its blobs (passed ready checks, local sources'
 * fingerprints): each names an image, and is only a shortcut to it, so one whose image is gone
 * (or that cannot be read) is deleted, never trusted. Stateless.
 */
public final class StoreRecords {
  private StoreRecords() {}

  /** Deletes every {@code *.json} record in {@code dir} that {@code stale} says names a missing image. */
  public static <T> void forgetMissing(Path dir, Class<T> type, Predicate<T> stale) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
      for (Path file : files) {
        Optional<T> record;
        try {
          record = StoreJson.read(file, type);
        } catch (NoSuchFileException gone) {
          continue;
        } catch (IOException damaged) {
          record = Optional.empty();
        }
        if (record.isEmpty() || stale.test(record.get())) {
          Files.deleteIfExists(file);
        }
      }
    }
  }
}
