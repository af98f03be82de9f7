package dev.templatestudio.bridge.remote;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.templatestudio.bridge.io.Digests;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The manifest of a build context sent file by file (docs/REMOTE.md, "Contexts by file"):
 * every path {@link ContextFiles} keeps, with its kind, mode, numeric owner, mtime in whole
 * seconds and, for a file, its size and sha256, for a symlink its target; the same fields the
 * context tar records, so the server assembles the same context. Written deterministically (the
 * walk's order, fixed field order), so the same files give the same digest, which names the
 * context. Files are hashed on all cores, those unchanged since the last build not at all
 * ({@link HashMemo}). Immutable.
 *
 * @param json         the manifest's bytes as sent
 * @param digest       {@code sha256:HEX} of them
 * @param contentBytes what the files hold together
 * @param files        for each content hash (hex), one file that holds it
 */
record ContextManifest(byte[] json, String digest, long contentBytes, Map<String, Path> files) {

  private record Item(String path, Path file, String type, Map<String, Object> attrs) {}

  /** The manifest of the context folder {@code context}, every file hashed. */
  static ContextManifest of(Path context) throws IOException {
    return of(context, null);
  }

  /**
   * The manifest of the context folder {@code context}; the hashes of files unchanged since the
   * last build are taken from the memo in {@code memoDir} (null: none), the others recorded there.
   */
  static ContextManifest of(Path context, Path memoDir) throws IOException {
    Path root = context.toRealPath();
    HashMemo memo = HashMemo.of(memoDir, root);
    List<Item> items = new ArrayList<>();
    ContextFiles.walk(root, (rel, file, directory) -> {
      Map<String, Object> attrs = Files.readAttributes(file, "unix:mode,uid,gid,lastModifiedTime,size,ctime,ino",
          LinkOption.NOFOLLOW_LINKS);
      String type = directory ? "dir" : Files.isSymbolicLink(file) ? "symlink"
          : Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? "file" : null;
      // Sockets and fifos are left out, as the context tar leaves them.
      if (type != null) {
        items.add(new Item(rel, file, type, attrs));
      }
    });
    String[] hashes = new String[items.size()];
    long[] sizes = new long[items.size()];
    try {
      IntStream.range(0, items.size()).parallel().filter(i -> items.get(i).type().equals("file")).forEach(i -> {
        try {
          Item item = items.get(i);
          HashMemo.Stat stat = stat(item.attrs());
          String known = memo.lookup(item.path(), stat);
          if (known != null) {
            hashes[i] = known;
            sizes[i] = stat.size();
          } else {
            sizes[i] = hash(item.file(), hashes, i);
            memo.record(item.path(), stat, hashes[i]);
          }
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(items.size() * 160 + 64);
    Map<String, Path> files = new LinkedHashMap<>();
    long total = 0;
    try (JsonGenerator g = ApiClient.JSON.getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("manifest", 1);
      g.writeArrayFieldStart("entries");
      for (int i = 0; i < items.size(); i++) {
        Item item = items.get(i);
        g.writeStartObject();
        g.writeStringField("path", item.path());
        g.writeStringField("type", item.type());
        if (!item.type().equals("symlink")) {
          g.writeNumberField("mode", (Integer) item.attrs().get("mode") & 07777);
        }
        g.writeNumberField("uid", (Integer) item.attrs().get("uid"));
        g.writeNumberField("gid", (Integer) item.attrs().get("gid"));
        g.writeNumberField("mtime", ((FileTime) item.attrs().get("lastModifiedTime")).toInstant().getEpochSecond());
        if (item.type().equals("file")) {
          g.writeNumberField("size", sizes[i]);
          g.writeStringField("sha256", hashes[i]);
          files.putIfAbsent(hashes[i], item.file());
          total += sizes[i];
        } else if (item.type().equals("symlink")) {
          g.writeStringField("target", Files.readSymbolicLink(item.file()).toString());
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    memo.save();
    byte[] json = out.toByteArray();
    return new ContextManifest(json, Digests.of(Digests.sha256().digest(json)), total, files);
  }

  private static HashMemo.Stat stat(Map<String, Object> attrs) {
    return new HashMemo.Stat((Long) attrs.get("ino"), (Long) attrs.get("size"),
        nanos((FileTime) attrs.get("lastModifiedTime")), nanos((FileTime) attrs.get("ctime")));
  }

  private static long nanos(FileTime time) {
    java.time.Instant i = time.toInstant();
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }

  /** Hashes {@code file} into {@code hashes[i]}; returns the bytes read, which the manifest states. */
  private static long hash(Path file, String[] hashes, int i) throws IOException {
    MessageDigest sha = Digests.sha256();
    ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
    long size = 0;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      int n;
      while ((n = ch.read(buffer)) > 0) {
        size += n;
        buffer.flip();
        sha.update(buffer);
        buffer.clear();
      }
    }
    hashes[i] = HexFormat.of().formatHex(sha.digest());
    return size;
  }
}
