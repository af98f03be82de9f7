package dev.templatestudio.bridge.docker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.templatestudio.bridge.context.CopySources;
import dev.templatestudio.bridge.plan.StepFailure;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.GlobPattern;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * A copy step's files as the tar the engine unpacks at {@code /} of the step's container, with
 * the embedded runtime's meaning (embedded.step.CopyIntoLayer): a file lands at the destination
 * or, when that is a folder in the image, inside it; a folder the step creates belongs to the
 * step's user with the step's mode (else root's, 0755); files and folders copied get the step's
 * user and mode, else root and their own mode; folders already in the image keep theirs.
 * Not thread-safe.
 */
final class CopyArchive {
  /** Go's os.ModeDir, the folder bit of the engine's path stat. */
  private static final long GO_MODE_DIR = 1L << 31;

  private CopyArchive() {}

  /**
   * Writes to {@code tar} what copy step {@code step} (its words expanded) puts into the
   * container {@code container}, whose working dir is {@code workdir}.
   *
   * @param owner the uid and gid the files get
   */
  static void write(Path tar, DockerApi api, String container, CopyStep step, List<CopySources.Entry> entries,
      String workdir, int[] owner) throws IOException, StepFailure {
    write(tar, api, container, step, entries, workdir, owner, false);
  }

  /**
   * As {@link #write(Path, DockerApi, String, CopyStep, List, String, int[])}; with
   * {@code keepHardLinks} a file that is a hard link of one written before it goes in as a link
   * to it, as Docker's {@code COPY --from} keeps them (the context's files are copied apart, as
   * the embedded runtime copies them).
   */
  static void write(Path tar, DockerApi api, String container, CopyStep step, List<CopySources.Entry> entries,
      String workdir, int[] owner, boolean keepHardLinks) throws IOException, StepFailure {
    Integer mode = step.mode() == null ? null : parseMode(step.mode());
    String dest = step.dest().startsWith("/") ? step.dest() : (workdir == null ? "/" : workdir) + "/" + step.dest();
    String shown = Path.of("/").resolve(dest).normalize().toString();
    String rel = shown.substring(1);
    boolean intoFolder = entries.isEmpty() || !entries.get(0).destPath().isEmpty();
    List<CopySources.Entry> todo = entries;
    boolean destIsFolder = isFolder(api.stat(container, shown));
    if (!intoFolder && destIsFolder) {
      CopySources.Entry only = entries.get(0);
      todo = List.of(new CopySources.Entry(only.source(), only.contextPath(), givenName(step, only), only.kind()));
      intoFolder = true;
    }
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(Files.newOutputStream(tar),
        StandardCharsets.UTF_8.name())) {
      out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      if (intoFolder && !destIsFolder && !rel.isEmpty()) {
        // A destination the step creates belongs to the step's user, as with COPY --chown.
        put(out, entry(rel + "/", TarConstants.LF_DIR, mode != null ? mode : 0755, owner, 0));
      }
      Map<Object, String> written = keepHardLinks ? new HashMap<>() : null;
      for (CopySources.Entry e : todo) {
        String name = e.destPath().isEmpty() ? rel : rel.isEmpty() ? e.destPath() : rel + "/" + e.destPath();
        String first = written == null || e.kind() != CopySources.Kind.FILE ? null : linked(e.source(), name, written);
        if (first != null) {
          // The engine changes the file's mode to the link entry's, so it carries the file's own.
          int own = (Integer) Files.getAttribute(e.source(), "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
          TarArchiveEntry link = entry(name, TarConstants.LF_LINK, mode != null ? mode : own, owner, 0);
          link.setLinkName(first);
          put(out, link);
        } else {
          add(out, name, e, mode, owner);
        }
      }
      out.finish();
    }
  }

  /** Writes to {@code tar} the folder {@code dir} (absolute), root's, 0755, as Docker's WORKDIR makes it. */
  static void folder(Path tar, String dir) throws IOException {
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(Files.newOutputStream(tar),
        StandardCharsets.UTF_8.name())) {
      out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      put(out, entry(dir.substring(1) + "/", TarConstants.LF_DIR, 0755, new int[] {0, 0}, 0));
      out.finish();
    }
  }

  private static void add(TarArchiveOutputStream out, String name, CopySources.Entry e, Integer mode, int[] owner)
      throws IOException {
    Path source = e.source();
    Map<String, Object> attrs = Files.readAttributes(source, "unix:mode,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
    int own = (Integer) attrs.get("mode") & 07777;
    long mtime = ((FileTime) attrs.get("lastModifiedTime")).toMillis();
    switch (e.kind()) {
      case DIR -> put(out, entry(name + "/", TarConstants.LF_DIR, mode != null ? mode : own, owner, mtime));
      case SYMLINK -> {
        TarArchiveEntry link = entry(name, TarConstants.LF_SYMLINK, 0777, owner, mtime);
        link.setLinkName(Files.readSymbolicLink(source).toString());
        put(out, link);
      }
      default -> {
        TarArchiveEntry file = entry(name, TarConstants.LF_NORMAL, mode != null ? mode : own, owner, mtime);
        file.setSize(Files.size(source));
        out.putArchiveEntry(file);
        try (InputStream in = Files.newInputStream(source, LinkOption.NOFOLLOW_LINKS)) {
          in.transferTo((OutputStream) out);
        }
        out.closeArchiveEntry();
      }
    }
  }

  /** The name a hard link of {@code source} was written under before, else null (and {@code name} noted). */
  private static String linked(Path source, String name, Map<Object, String> written) throws IOException {
    BasicFileAttributes attrs = Files.readAttributes(source, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (attrs.fileKey() == null || (Integer) Files.getAttribute(source, "unix:nlink", LinkOption.NOFOLLOW_LINKS) < 2) {
      return null;
    }
    return written.putIfAbsent(attrs.fileKey(), name);
  }

  private static TarArchiveEntry entry(String name, byte type, int mode, int[] owner, long mtime) {
    TarArchiveEntry e = new TarArchiveEntry(name, type);
    e.setMode(mode);
    e.setIds(owner[0], owner[1]);
    e.setNames("", "");
    e.setModTime(mtime);
    return e;
  }

  private static void put(TarArchiveOutputStream out, TarArchiveEntry e) throws IOException {
    out.putArchiveEntry(e);
    out.closeArchiveEntry();
  }

  /** Whether the engine's stat of a path (links followed) says it is a folder. */
  static boolean isFolder(Optional<JsonNode> stat) {
    return stat.isPresent() && (stat.get().path("mode").asLong() & GO_MODE_DIR) != 0;
  }

  /** The name one file copied into a folder gets: as its source names it, or as the pattern matched it. */
  private static String givenName(CopyStep step, CopySources.Entry entry) {
    String raw = step.sources().get(0).replace('\\', '/').replaceAll("/+$", "");
    String named = GlobPattern.hasMeta(raw) || raw.isEmpty() ? entry.contextPath() : raw;
    return named.substring(named.lastIndexOf('/') + 1);
  }

  /** A copy step's mode, as the embedded runtime reads it. */
  static int parseMode(String mode) throws StepFailure {
    try {
      int m = Integer.parseInt(mode, 8);
      if (m < 0 || m > 07777) {
        throw new NumberFormatException();
      }
      return m;
    } catch (NumberFormatException e) {
      throw new StepFailure("copy mode \"" + mode + "\" is not an octal file mode such as 0755");
    }
  }
}
