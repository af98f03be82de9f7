package dev.templatestudio.bridge.embedded.image;

import dev.templatestudio.bridge.embedded.oci.Descriptor;
import dev.templatestudio.bridge.embedded.oci.ImageConfig;
import dev.templatestudio.bridge.embedded.oci.Manifest;
import dev.templatestudio.bridge.embedded.store.BlobStore;
import dev.templatestudio.bridge.embedded.store.StoreRecords;
import dev.templatestudio.bridge.io.Digests;
import dev.templatestudio.bridge.io.StoreJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The images local base sources were last resolved to, by stat fingerprint:
 * {@code ROOT/sources/<hex>.json}, one per reference and path, so an unchanged
 * {@code rootfs:}, {@code oci-layout:} or {@code docker-archive:} source is not read, hashed
 * or copied again. An entry is trusted only while its manifest, config and layer blobs are
 * all in the store (prune may have taken them). Thread- and process-safe (atomic whole-file
 * writes; two builds that record the same source write the same image).
 */
final class SourceMemo {
  /**
   * File times come from a coarse clock (one kernel tick, 4-10 ms): a change made in the same
   * tick as the fingerprint could leave every time as it was. A source changed less than this
   * before its fingerprint is read but not remembered, as git treats a racily clean file.
   */
  static final long RACY_NANOS = 100_000_000L;
  /**
   * A file system with whole-second (vfat: two-second) times, told by a newest ctime with no
   * fraction: there a same-size edit in the same second or two leaves every time as it was.
   */
  static final long COARSE_RACY_NANOS = 2_000_000_000L;

  private SourceMemo() {}

  /** One remembered source. */
  record Entry(String fingerprint, String manifestDigest) {}

  /** A fingerprint and the wall-clock time it was taken at. */
  record Taken(SourceFingerprint fingerprint, long atNs) {}

  /** Takes {@code path}'s fingerprint now. */
  static Taken take(Path path) throws IOException {
    Instant now = Instant.now();
    long at = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    return new Taken(SourceFingerprint.of(path), at);
  }

  /** The image {@code ref} at {@code path} resolved to when it had this fingerprint, if still whole in the store. */
  static Optional<ResolvedImage> lookup(BlobStore store, String ref, Path path, Taken taken) throws IOException {
    Optional<Entry> entry;
    try {
      entry = StoreJson.read(file(store, ref, path), Entry.class);
    } catch (IOException damaged) {
      // A damaged entry only costs one read of the source, which writes it anew.
      return Optional.empty();
    }
    if (entry.isEmpty() || !entry.get().fingerprint().equals(taken.fingerprint().digest())
        || !store.has(entry.get().manifestDigest())) {
      return Optional.empty();
    }
    Manifest manifest = StoreJson.mapper().readValue(store.read(entry.get().manifestDigest()), Manifest.class);
    if (!store.has(manifest.config().digest())) {
      return Optional.empty();
    }
    for (Descriptor layer : manifest.layers()) {
      if (!store.has(layer.digest())) {
        return Optional.empty();
      }
    }
    ImageConfig config = StoreJson.mapper().readValue(store.read(manifest.config().digest()), ImageConfig.class);
    return Optional.of(new ResolvedImage(entry.get().manifestDigest(), manifest, config));
  }

  /** Remembers that {@code ref} at {@code path}, as fingerprinted, is {@code image}, unless racily taken. */
  static void remember(BlobStore store, String ref, Path path, Taken taken, ResolvedImage image) throws IOException {
    long newest = taken.fingerprint().newestChangeNs();
    long racy = newest % 1_000_000_000L == 0 ? COARSE_RACY_NANOS : RACY_NANOS;
    if (newest > taken.atNs() - racy) {
      return;
    }
    StoreJson.write(file(store, ref, path), new Entry(taken.fingerprint().digest(), image.manifestDigest()));
  }

  /** Deletes the entries whose image is no longer whole enough to use (after a prune). */
  static void forgetMissing(BlobStore store) throws IOException {
    StoreRecords.forgetMissing(dir(store), Entry.class,
        e -> e.manifestDigest() == null || !store.has(e.manifestDigest()));
  }

  /** The folder of the entries. */
  static Path dir(BlobStore store) {
    return store.root().resolve("sources");
  }

  private static Path file(BlobStore store, String ref, Path path) {
    byte[] name = (ref + '\0' + path).getBytes(StandardCharsets.UTF_8);
    return dir(store).resolve(HexFormat.of().formatHex(Digests.sha256().digest(name)) + ".json");
  }
}
