package dev.templatestudio.bridge.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's context manifest: deterministic, and with the hash memo a rebuild reads only
 * the files that changed (counted by this process's read bytes, /proc/self/io rchar).
 */
class ContextManifestTest {
  @TempDir Path tmp;

  @Test
  void unchangedFilesAreNotReadAgainAndAChangedOneIsHashedAnew() throws Exception {
    Path ctx = Files.createDirectories(tmp.resolve("ctx/sub"));
    Random random = new Random(7);
    for (int i = 0; i < 4; i++) {
      byte[] bytes = new byte[2 << 20];
      random.nextBytes(bytes);
      Files.write(ctx.resolve("f" + i), bytes);
    }
    Path context = ctx.getParent();
    // Files changed within the racy window are never remembered: let it pass.
    Thread.sleep(HashMemo.RACY_NANOS / 1_000_000 + 100);
    Path memo = tmp.resolve("memo");
    ContextManifest first = ContextManifest.of(context, memo);
    assertThat(first.json()).isEqualTo(ContextManifest.of(context, null).json());

    long before = readBytes();
    ContextManifest second = ContextManifest.of(context, memo);
    long read = readBytes() - before;
    assertThat(second.digest()).isEqualTo(first.digest());
    assertThat(read).as("bytes read for a manifest of 8 MB of unchanged files").isLessThan(1 << 20);

    // Same size, and the mtime put back: only the ctime tells.
    FileTime mtime = Files.getLastModifiedTime(ctx.resolve("f2"));
    byte[] other = new byte[2 << 20];
    random.nextBytes(other);
    Files.write(ctx.resolve("f2"), other);
    Files.setLastModifiedTime(ctx.resolve("f2"), mtime);
    ContextManifest third = ContextManifest.of(context, memo);
    assertThat(third.digest()).isNotEqualTo(first.digest()).isEqualTo(ContextManifest.of(context, null).digest());
  }

  @Test
  void theSameFilesGiveTheSameManifestAndADamagedMemoIsIgnored() throws Exception {
    Path ctx = Files.createDirectories(tmp.resolve("ctx"));
    Files.writeString(ctx.resolve("a.txt"), "a\n");
    Files.createSymbolicLink(ctx.resolve("link"), Path.of("a.txt"));
    Path memo = Files.createDirectories(tmp.resolve("memo"));
    ContextManifest clean = ContextManifest.of(ctx, null);
    try (var list = Files.list(memo)) {
      assertThat(list).isEmpty();
    }
    ContextManifest.of(ctx, memo);
    Files.writeString(memo.resolve(HashMemoNames.of(ctx)), "not a memo\n1 2 3\n");
    assertThat(ContextManifest.of(ctx, memo).json()).isEqualTo(clean.json());
    assertThat(new String(clean.json(), java.nio.charset.StandardCharsets.UTF_8))
        .contains("\"path\":\"link\",\"type\":\"symlink\"", "\"target\":\"a.txt\"");
  }

  private static long readBytes() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
      if (line.startsWith("rchar:")) {
        return Long.parseLong(line.substring("rchar:".length()).strip());
      }
    }
    throw new IllegalStateException("no rchar in /proc/self/io");
  }

  /** The memo file's name for a context, as HashMemo names it. */
  private static final class HashMemoNames {
    static String of(Path ctx) throws Exception {
      return java.util.HexFormat.of().formatHex(dev.templatestudio.bridge.io.Digests.sha256()
          .digest(ctx.toRealPath().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
  }
}
