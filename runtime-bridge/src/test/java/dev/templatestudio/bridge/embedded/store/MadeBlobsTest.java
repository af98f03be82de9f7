package dev.templatestudio.bridge.embedded.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.templatestudio.bridge.embedded.layer.LayerWriter;
import dev.templatestudio.bridge.io.Digests;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A layer the engine writes is kept once, as its tree, and its tar is made again byte for byte. */
class MadeBlobsTest {
  @TempDir Path tmp;

  private Path tree(Store store) throws IOException {
    Path t = Files.createDirectories(store.root().resolve("work/upper"));
    Files.createDirectories(t.resolve("etc/app"));
    Files.writeString(t.resolve("etc/app/conf"), "port=8080\n");
    byte[] big = new byte[3 << 20];
    new Random(7).nextBytes(big);
    Files.write(t.resolve("big.bin"), big);
    Files.createSymbolicLink(t.resolve("etc/link"), Path.of("/etc/app/conf"));
    Files.createLink(t.resolve("etc/app/hard"), t.resolve("etc/app/conf"));
    return t;
  }

  private static byte[] tarOf(Path dir, Instant clamp) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LayerWriter.write(dir, out, clamp);
    return out.toByteArray();
  }

  @Test
  void anAdoptedTreeIsItsBlobWithNoTarOnDiskAndGivesTheSameBytesAgain() throws Exception {
    Store store = Store.open(tmp);
    Path upper = tree(store);
    byte[] expected = tarOf(upper, Instant.EPOCH);

    String digest = store.blobs().adoptTree(upper, Instant.EPOCH);

    assertThat(digest).isEqualTo(Digests.of(Digests.sha256().digest(expected)));
    assertThat(upper).doesNotExist();
    assertThat(store.layers().has(digest)).isTrue();
    assertThat(store.blobs().path(digest)).as("no tar kept").doesNotExist();
    assertThat(store.blobs().has(digest)).isTrue();
    assertThat(store.blobs().isMade(digest)).isTrue();
    assertThat(store.blobs().size(digest)).isEqualTo(expected.length);
    assertThat(store.blobs().read(digest)).isEqualTo(expected);
    assertThat(Store.open(tmp).blobs().read(digest)).as("after the store is opened again").isEqualTo(expected);
  }

  @Test
  void copyMakesAndChecksTheTarInOnePassAndFailsForADamagedTree() throws Exception {
    Store store = Store.open(tmp);
    Path upper = tree(store);
    byte[] expected = tarOf(upper, Instant.EPOCH);
    String digest = store.blobs().adoptTree(upper, Instant.EPOCH);
    ByteArrayOutputStream copied = new ByteArrayOutputStream();

    store.blobs().copy(digest, copied);

    assertThat(copied.toByteArray()).isEqualTo(expected);
    String file = store.blobs().put("a blob kept as a file\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    store.blobs().copy(file, plain);
    assertThat(plain.toString(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("a blob kept as a file\n");
    Files.writeString(store.layers().path(digest).resolve("etc/app/conf"), "port=9090\n");
    assertThatThrownBy(() -> store.blobs().copy(digest, OutputStream.nullOutputStream()))
        .hasMessageStartingWith("the store is damaged: layer " + digest + ", kept as its unpacked files, no longer makes its tar")
        .hasMessageContaining("prune --all");
  }

  @Test
  void aTreeChangedInPlaceIsADamagedStoreNeverAWrongBlob() throws Exception {
    Store store = Store.open(tmp);
    String digest = store.blobs().adoptTree(tree(store), Instant.EPOCH);
    Path conf = store.layers().path(digest).resolve("etc/app/conf");
    Files.writeString(conf, "port=9090\n");

    assertThatThrownBy(() -> store.blobs().read(digest))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("the store is damaged: layer " + digest + ", kept as its unpacked files, no longer makes its tar")
        .hasMessageContaining("prune --all");
  }

  @Test
  void aReaderThatStopsAtTheLastEntryStillGetsTheCheckOnClose() throws Exception {
    Store store = Store.open(tmp);
    String digest = store.blobs().adoptTree(tree(store), Instant.EPOCH);
    long size = store.blobs().size(digest);
    Files.writeString(store.layers().path(digest).resolve("etc/app/conf"), "port=9090\n");
    InputStream in = store.blobs().open(digest);
    in.readNBytes((int) size - 1024);
    assertThatThrownBy(in::close).hasMessageStartingWith("the store is damaged");
  }

  @Test
  void aReaderThatClosesEarlyStopsTheWriterThreads() throws Exception {
    Store store = Store.open(tmp);
    String digest = store.blobs().adoptTree(tree(store), Instant.EPOCH);
    try (InputStream in = store.blobs().open(digest)) {
      assertThat(in.readNBytes(4096)).hasSize(4096);
    }
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(
        t -> t.isAlive() && t.getName().startsWith("layer-tar"));
  }

  @Test
  void aBlobIsThereOnlyWhileBothItsRecordAndItsTreeAre() throws Exception {
    Store store = Store.open(tmp);
    String digest = store.blobs().adoptTree(tree(store), Instant.EPOCH);
    Path record = tmp.resolve("blobs/made").resolve(Digests.hex(digest));
    assertThat(record).exists();

    Path moved = Files.move(store.layers().path(digest), tmp.resolve("work/moved"));
    assertThat(store.blobs().has(digest)).as("record without its tree (a crash in prune)").isFalse();
    Files.move(moved, store.layers().path(digest));
    Files.delete(record);
    assertThat(store.blobs().has(digest)).as("tree without its record (a crash in capture)").isFalse();
    assertThat(store.layers().has(digest)).isTrue();

    assertThat(store.blobs().adoptTree(tree(store), Instant.EPOCH)).as("the step made again").isEqualTo(digest);
    assertThat(store.blobs().has(digest)).isTrue();
    assertThat(tmp.resolve("work/upper")).as("the equal tree already there is kept, ours dropped").doesNotExist();
  }

  @Test
  void aTreeKeptOnceSurvivesTheOneTimeDropOfOldUnpackedLayers() throws Exception {
    Store store = Store.open(tmp);
    String digest = store.blobs().adoptTree(tree(store), Instant.EPOCH);
    Files.delete(tmp.resolve("layers").resolve(LayerStore.USER_XATTR_FORMAT));
    Path cacheOnly = Files.createDirectories(tmp.resolve("layers").resolve("c".repeat(64)));

    Store again = Store.open(tmp);
    assertThat(cacheOnly).doesNotExist();
    assertThat(again.blobs().has(digest)).isTrue();
  }
}
