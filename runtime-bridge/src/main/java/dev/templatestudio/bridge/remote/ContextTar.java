package dev.templatestudio.bridge.remote;

import dev.templatestudio.bridge.embedded.cache.DockerIgnore;
import dev.templatestudio.bridge.embedded.store.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * The tar of a build context that a remote runtime receives: everything in the context folder
 * that {@code .dockerignore} leaves (as Docker sends it), plus the {@code .dockerignore} itself
 * so the server applies the same rules to the copy steps. Deterministic, so the same files give
 * the same sha256 and the server's copy of the context is reused: entries in name order, only
 * name, mode, numeric owner, mtime in whole seconds, size, content and link target recorded.
 * Owners and mtimes are sent because a {@code rootfs:DIR} base keeps them in its layer: without
 * them a remote build of it would give another ref than a local one. Symlinks are stored as
 * links, never followed; hard links as separate files; sockets and fifos are left out.
 * Stateless.
 */
final class ContextTar {
  private ContextTar() {}

  /** A written context tar and its digest ({@code sha256:HEX}). */
  record Written(Path file, String digest, long sizeBytes) {}

  /** Writes the tar of {@code context} to a new temporary file; the caller deletes it. */
  static Written write(Path context) throws IOException {
    Path root = context.toRealPath();
    DockerIgnore ignore = DockerIgnore.load(root);
    Path file = Files.createTempFile("template-studio-context-", ".tar");
    MessageDigest sha = BlobStore.sha256();
    try (OutputStream raw = Files.newOutputStream(file);
         DigestOutputStream digesting = new DigestOutputStream(raw, sha);
         TarArchiveOutputStream tar = new TarArchiveOutputStream(new java.io.BufferedOutputStream(digesting, 1 << 16), "UTF-8")) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      addChildren(tar, root, root, ignore);
      tar.finish();
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    }
    return new Written(file, "sha256:" + HexFormat.of().formatHex(sha.digest()), Files.size(file));
  }

  private static void addChildren(TarArchiveOutputStream tar, Path root, Path dir, DockerIgnore ignore)
      throws IOException {
    List<Path> children = new ArrayList<>();
    try (Stream<Path> list = Files.list(dir)) {
      list.forEach(children::add);
    }
    children.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
    for (Path child : children) {
      String rel = root.relativize(child).toString().replace('\\', '/');
      boolean excluded = ignore.excludes(rel) && !rel.equals(".dockerignore");
      if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
        if (!excluded) {
          add(tar, entry(rel + "/", TarConstants.LF_DIR, child));
        }
        // A rule may re-include something inside an excluded directory, as Docker allows.
        if (!excluded || ignore.hasReinclusion()) {
          addChildren(tar, root, child, ignore);
        }
      } else if (excluded) {
        continue;
      } else if (Files.isSymbolicLink(child)) {
        TarArchiveEntry e = entry(rel, TarConstants.LF_SYMLINK, child);
        e.setLinkName(Files.readSymbolicLink(child).toString());
        add(tar, e);
      } else if (Files.isRegularFile(child, LinkOption.NOFOLLOW_LINKS)) {
        TarArchiveEntry e = entry(rel, TarConstants.LF_NORMAL, child);
        e.setSize(Files.size(child));
        tar.putArchiveEntry(e);
        try (InputStream in = Files.newInputStream(child)) {
          in.transferTo(tar);
        }
        tar.closeArchiveEntry();
      }
    }
  }

  private static TarArchiveEntry entry(String name, byte type, Path source) throws IOException {
    Map<String, Object> attrs = Files.readAttributes(source, "unix:mode,uid,gid,lastModifiedTime",
        LinkOption.NOFOLLOW_LINKS);
    TarArchiveEntry e = new TarArchiveEntry(name, type);
    e.setMode((Integer) attrs.get("mode") & 07777);
    // Whole seconds: a plain ustar field, no PAX record that would vary with sub-second noise.
    e.setModTime(((FileTime) attrs.get("lastModifiedTime")).toInstant().getEpochSecond() * 1000);
    e.setIds((Integer) attrs.get("uid"), (Integer) attrs.get("gid"));
    e.setNames("", "");
    return e;
  }

  private static void add(TarArchiveOutputStream tar, TarArchiveEntry e) throws IOException {
    tar.putArchiveEntry(e);
    tar.closeArchiveEntry();
  }
}
