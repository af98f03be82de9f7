package dev.templatestudio.bridge.embedded.store;

import dev.templatestudio.bridge.io.Digests;
import dev.templatestudio.bridge.io.StoreJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The ready checks builds have seen pass: {@code ROOT/ready/<hex>.json}, one per image (its
 * manifest digest names its layers, start command, ready check and resources) and the limits
 * its trial machine ran under, holding what the check said. A cached rebuild that makes the
 * same image under the same limits reports that instead of starting the machine again.
 * Thread- and process-safe (whole-file atomic writes).
 */
public final class ReadyChecks {
  private final Path dir;

  ReadyChecks(Path dir) {
    this.dir = dir;
  }

  /** What the check said when it passed, when (ISO-8601), and of which image. */
  public record Passed(String message, String at, String manifestDigest) {}

  /** The check that passed for the image {@code manifestDigest} under {@code limits}, if one did. */
  public Optional<Passed> get(String manifestDigest, String limits) {
    try {
      return StoreJson.read(file(manifestDigest, limits), Passed.class);
    } catch (IOException damaged) {
      // A damaged record costs one trial start, which writes it anew.
      return Optional.empty();
    }
  }

  public void put(String manifestDigest, String limits, Passed passed) throws IOException {
    StoreJson.write(file(manifestDigest, limits), passed);
  }

  /** The folder of the records. */
  public Path dir() {
    return dir;
  }

  /** Deletes the records of images whose manifest is no longer in {@code blobs} (after a prune). */
  public void forgetMissing(BlobStore blobs) throws IOException {
    StoreRecords.forgetMissing(dir, Passed.class, p -> p.manifestDigest() == null || !blobs.has(p.manifestDigest()));
  }

  private Path file(String manifestDigest, String limits) {
    byte[] key = (manifestDigest + '\n' + limits).getBytes(StandardCharsets.UTF_8);
    return dir.resolve(HexFormat.of().formatHex(Digests.sha256().digest(key)) + ".json");
  }
}
