package dev.templatestudio.bridge.embedded.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.embedded.BusyboxFixture;
import dev.templatestudio.bridge.embedded.store.BlobStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local base sources known by their stat fingerprint: an unchanged one is not read again (the
 * process's read(2) byte count, /proc/self/io rchar, proves it), a changed one is, also when
 * the change keeps its size and mtime.
 */
class SourceMemoTest {
  private static final int BIG = 32 << 20;
  @TempDir Path tmp;

  @Test
  void anUnchangedTarIsNotReadAgainAndOneWithOtherBytesOfTheSameSizeAndMtimeIs() throws Exception {
    BlobStore store = new BlobStore(tmp.resolve("store"));
    Path root = BusyboxFixture.rootfs(tmp.resolve("root"));
    Files.write(root.resolve("big.bin"), random(1));
    Path tar = tar(root, tmp.resolve("base.tar"));
    settle();
    ResolvedImage first = ImageSources.resolve("rootfs:base.tar", store, PullProgress.NONE, tmp);

    long before = bytesRead();
    ResolvedImage again = ImageSources.resolve("rootfs:base.tar", store, PullProgress.NONE, tmp);
    long read = bytesRead() - before;

    assertThat(again.manifestDigest()).isEqualTo(first.manifestDigest());
    assertThat(read).as("bytes read by the cached resolve of a %d-byte tar", Files.size(tar)).isLessThan(BIG / 16);

    // Other bytes, same size, the mtime set back: only the ctime (and the content) tells.
    long size = Files.size(tar);
    FileTime mtime = Files.getLastModifiedTime(tar);
    Object inode = Files.getAttribute(tar, "unix:ino");
    Files.write(root.resolve("big.bin"), random(2));
    tar(root, tar);
    Files.setLastModifiedTime(tar, mtime);
    assertThat(Files.size(tar)).isEqualTo(size);
    assertThat(Files.getAttribute(tar, "unix:ino")).isEqualTo(inode);
    settle();

    before = bytesRead();
    ResolvedImage changed = ImageSources.resolve("rootfs:base.tar", store, PullProgress.NONE, tmp);
    read = bytesRead() - before;

    assertThat(changed.manifestDigest()).isNotEqualTo(first.manifestDigest());
    assertThat(read).isGreaterThanOrEqualTo(size);
    String layer = changed.manifest().layers().get(0).digest();
    assertThat(tmp.resolve("store/layers").resolve(layer.substring("sha256:".length())).resolve("big.bin"))
        .hasBinaryContent(random(2));
  }

  @Test
  void aTreeIsArchivedAgainOnlyWhenAnEntryUnderItChanges() throws Exception {
    BlobStore store = new BlobStore(tmp.resolve("store"));
    Path root = BusyboxFixture.rootfs(tmp.resolve("root"));
    Path deep = Files.createDirectories(root.resolve("usr/share/doc/x"));
    Files.writeString(deep.resolve("a"), "one\n");
    settle();
    List<String> said = new ArrayList<>();
    PullProgress progress = new PullProgress() {
      @Override
      public void message(String text) {
        said.add(text);
      }
    };

    ResolvedImage first = ImageSources.resolve("rootfs:root", store, progress, tmp);
    ResolvedImage same = ImageSources.resolve("rootfs:root", store, progress, tmp);
    assertThat(same.manifestDigest()).isEqualTo(first.manifestDigest());
    assertThat(said).containsExactly("archiving root");

    // A mode change deep down, nothing else: the tree's fingerprint differs, and so does its layer.
    Files.setPosixFilePermissions(deep.resolve("a"), PosixFilePermissions.fromString("rwx------"));
    settle();
    ResolvedImage chmodded = ImageSources.resolve("rootfs:root", store, progress, tmp);
    assertThat(said).containsExactly("archiving root", "archiving root");
    assertThat(chmodded.manifestDigest()).isNotEqualTo(first.manifestDigest());
  }

  @Test
  void anOciLayoutIsImportedOnceWhileItStaysTheSame() throws Exception {
    BlobStore source = new BlobStore(tmp.resolve("source"));
    ResolvedImage image = TestImages.busybox(source, tmp);
    Path layout = TestImages.layout(source, image, tmp.resolve("layout"), "v1");
    settle();
    BlobStore store = new BlobStore(tmp.resolve("store"));
    List<String> said = new ArrayList<>();
    PullProgress progress = new PullProgress() {
      @Override
      public void message(String text) {
        said.add(text);
      }
    };

    ResolvedImage first = ImageSources.resolve("oci-layout:" + layout + ":v1", store, progress);
    ResolvedImage again = ImageSources.resolve("oci-layout:" + layout + ":v1", store, progress);

    assertThat(again).isEqualTo(first);
    assertThat(said).hasSize(1);
    // Prune took the layer: the memo is not trusted, the layout is read again.
    Files.delete(store.path(first.manifest().layers().get(0).digest()));
    ImageSources.resolve("oci-layout:" + layout + ":v1", store, progress);
    assertThat(said).hasSize(2);
    assertThat(store.has(first.manifest().layers().get(0).digest())).isTrue();
  }

  @Test
  void aSourceChangedWithinAClockTickOfItsFingerprintIsNotRemembered() throws Exception {
    BlobStore store = new BlobStore(tmp.resolve("store"));
    Path file = Files.writeString(tmp.resolve("f"), "x");
    SourceFingerprint print = SourceFingerprint.of(file);
    ResolvedImage image = new ResolvedImage("sha256:" + "0".repeat(64), null, null);

    SourceMemo.remember(store, "rootfs:f", file, new SourceMemo.Taken(print, print.newestChangeNs() + 1_000_000), image);
    assertThat(SourceMemo.dir(store)).doesNotExist();
    SourceMemo.remember(store, "rootfs:f", file,
        new SourceMemo.Taken(print, print.newestChangeNs() + 2 * SourceMemo.RACY_NANOS), image);
    try (var entries = Files.list(SourceMemo.dir(store))) {
      assertThat(entries.toList()).hasSize(1);
    }
  }

  @Test
  void recordsWhoseImageIsGoneAreForgottenAndTheOthersKept() throws Exception {
    dev.templatestudio.bridge.embedded.store.Store store =
        dev.templatestudio.bridge.embedded.store.Store.open(tmp.resolve("store"));
    Path root = BusyboxFixture.rootfs(tmp.resolve("root"));
    Path other = BusyboxFixture.rootfs(tmp.resolve("other"));
    Files.writeString(other.resolve("etc/motd"), "other\n");
    settle();
    ResolvedImage kept = ImageSources.resolve("rootfs:root", store.blobs(), PullProgress.NONE, tmp);
    ResolvedImage pruned = ImageSources.resolve("rootfs:other", store.blobs(), PullProgress.NONE, tmp);
    String gone = "sha256:" + "1".repeat(64);
    store.ready().put(kept.manifestDigest(), "none",
        new dev.templatestudio.bridge.embedded.store.ReadyChecks.Passed("ok", "now", kept.manifestDigest()));
    store.ready().put(gone, "none", new dev.templatestudio.bridge.embedded.store.ReadyChecks.Passed("ok", "now", gone));
    Files.delete(store.blobs().path(pruned.manifestDigest()));

    ImageSources.forgetMissing(store.blobs());
    store.ready().forgetMissing(store.blobs());

    try (var entries = Files.list(SourceMemo.dir(store.blobs()))) {
      assertThat(entries.toList()).hasSize(1);
    }
    assertThat(store.ready().get(kept.manifestDigest(), "none")).isPresent();
    assertThat(store.ready().get(gone, "none")).isEmpty();
  }

  @Test
  void onAFileSystemWithWholeSecondTimesTheRacyWindowIsTwoSeconds() throws Exception {
    BlobStore store = new BlobStore(tmp.resolve("store"));
    Path file = Files.writeString(tmp.resolve("f"), "x");
    long wholeSecond = 1_700_000_000L * 1_000_000_000L;
    SourceFingerprint coarse = new SourceFingerprint(SourceFingerprint.of(file).digest(), wholeSecond);
    ResolvedImage image = new ResolvedImage("sha256:" + "0".repeat(64), null, null);

    SourceMemo.remember(store, "rootfs:f", file, new SourceMemo.Taken(coarse, wholeSecond + 1_500_000_000L), image);
    assertThat(SourceMemo.dir(store)).doesNotExist();
    SourceMemo.remember(store, "rootfs:f", file, new SourceMemo.Taken(coarse, wholeSecond + 2_500_000_000L), image);
    try (var entries = Files.list(SourceMemo.dir(store))) {
      assertThat(entries.toList()).hasSize(1);
    }
  }

  /** Waits out the racy window, so what was just written is remembered. */
  private static void settle() throws InterruptedException {
    TimeUnit.NANOSECONDS.sleep(2 * SourceMemo.RACY_NANOS);
  }

  private static byte[] random(long seed) {
    byte[] bytes = new byte[BIG];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static Path tar(Path root, Path out) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("tar", "--sort=name", "--owner=0", "--group=0", "--numeric-owner",
        "--mtime=@0", "-C", root.toString(), "-cf", out.toString(), ".").redirectErrorStream(true).start();
    String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException("tar failed: " + said);
    }
    return out;
  }

  /** Bytes this process got from read(2) and the like so far (/proc/self/io rchar). */
  private static long bytesRead() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
      if (line.startsWith("rchar:")) {
        return Long.parseLong(line.substring("rchar:".length()).strip());
      }
    }
    throw new IOException("/proc/self/io has no rchar line");
  }
}
