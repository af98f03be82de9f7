package dev.templatestudio.bridge.remote;

import dev.templatestudio.bridge.context.DockerIgnore;
import dev.templatestudio.bridge.context.ContextTarWriter;
import dev.templatestudio.bridge.io.Digests;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The tar of a build context that a remote runtime receives: everything in the context folder
 * that {@code .dockerignore} leaves (as Docker sends it), plus the {@code .dockerignore} itself
 * so the server applies the same rules to the copy steps. Deterministic, so the same files give
 * the same sha256 and the server's copy of the context is reused: entries in name order, written
 * by {@link ContextTarWriter} with their owners, because a {@code rootfs:DIR} base keeps them in
 * its layer: without them a remote build of it would give another ref than a local one. Hard
 * links are stored as separate files; sockets and fifos are left out. Stateless.
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
    MessageDigest sha = Digests.sha256();
    try (OutputStream raw = Files.newOutputStream(file);
         DigestOutputStream digesting = new DigestOutputStream(raw, sha);
         ContextTarWriter tar = new ContextTarWriter(new BufferedOutputStream(digesting, 1 << 16),
             ContextTarWriter.Owners.KEEP)) {
      addChildren(tar, root, root, ignore);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    }
    return new Written(file, "sha256:" + HexFormat.of().formatHex(sha.digest()), Files.size(file));
  }

  private static void addChildren(ContextTarWriter tar, Path root, Path dir, DockerIgnore ignore)
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
          tar.addDir(rel, child);
        }
        // A rule may re-include something inside an excluded directory, as Docker allows.
        if (!excluded || ignore.hasReinclusion()) {
          addChildren(tar, root, child, ignore);
        }
      } else if (!excluded) {
        tar.add(rel, child);
      }
    }
  }
}
