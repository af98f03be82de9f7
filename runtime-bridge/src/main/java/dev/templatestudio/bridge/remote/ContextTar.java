package dev.templatestudio.bridge.remote;

import dev.templatestudio.bridge.context.ContextTarWriter;
import dev.templatestudio.bridge.io.Digests;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The tar of a build context that a remote runtime receives, for a server without the context
 * manifest (docs/REMOTE.md): what {@link ContextFiles} keeps. Deterministic, so the same files give
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
    Path file = Files.createTempFile("template-studio-context-", ".tar");
    MessageDigest sha = Digests.sha256();
    try (OutputStream raw = Files.newOutputStream(file);
         DigestOutputStream digesting = new DigestOutputStream(raw, sha);
         ContextTarWriter tar = new ContextTarWriter(new BufferedOutputStream(digesting, 1 << 16),
             ContextTarWriter.Owners.KEEP)) {
      ContextFiles.walk(root, (rel, source, directory) -> {
        if (directory) {
          tar.addDir(rel, source);
        } else {
          tar.add(rel, source);
        }
      });
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    }
    return new Written(file, "sha256:" + HexFormat.of().formatHex(sha.digest()), Files.size(file));
  }
}
