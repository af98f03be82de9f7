package dev.templatestudio.bridge.docker;

import dev.templatestudio.bridge.embedded.cache.CopySources;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * The build context Docker receives: only the files the copy steps take (selected with the
 * embedded runtime's rules, {@code .dockerignore} applied, so Docker copies exactly what was
 * hashed for the miss reasons), plus the Dockerfile under a name of its own and a
 * {@code .dockerignore} naming both, which makes the engine drop them after reading. Stateless.
 */
final class ContextTar {
  static final String DOCKERFILE = ".template-studio.Dockerfile";

  private ContextTar() {}

  /** Writes the context tar to {@code tar}. */
  static void write(Path tar, String dockerfile, Collection<List<CopySources.Entry>> sources) throws IOException {
    try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(tar), 256 * 1024);
         TarArchiveOutputStream out = new TarArchiveOutputStream(file)) {
      out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      text(out, DOCKERFILE, dockerfile);
      text(out, ".dockerignore", DOCKERFILE + "\n.dockerignore\n");
      Set<String> written = new HashSet<>(Set.of(DOCKERFILE, ".dockerignore"));
      for (List<CopySources.Entry> entries : sources) {
        for (CopySources.Entry e : entries) {
          String name = e.contextPath();
          if (!name.isEmpty() && !name.equals(".") && written.add(name)) {
            entry(out, e, name);
          }
        }
      }
    }
  }

  private static void text(TarArchiveOutputStream out, String name, String content) throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry t = new TarArchiveEntry(name);
    t.setSize(bytes.length);
    t.setMode(0100644);
    out.putArchiveEntry(t);
    out.write(bytes);
    out.closeArchiveEntry();
  }

  private static void entry(TarArchiveOutputStream out, CopySources.Entry e, String name) throws IOException {
    Map<String, Object> attrs = Files.readAttributes(e.source(), "unix:mode,size,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
    int mode = (Integer) attrs.get("mode") & 07777;
    TarArchiveEntry t;
    switch (e.kind()) {
      case SYMLINK -> {
        t = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
        t.setLinkName(Files.readSymbolicLink(e.source()).toString());
      }
      case DIR -> {
        t = new TarArchiveEntry(name + "/", TarConstants.LF_DIR);
        t.setMode(040000 | mode);
      }
      default -> {
        t = new TarArchiveEntry(name);
        t.setMode(0100000 | mode);
        t.setSize((Long) attrs.get("size"));
      }
    }
    t.setModTime((FileTime) attrs.get("lastModifiedTime"));
    t.setIds(0, 0);
    out.putArchiveEntry(t);
    if (e.kind() == CopySources.Kind.FILE) {
      Files.copy(e.source(), out);
    }
    out.closeArchiveEntry();
  }
}
