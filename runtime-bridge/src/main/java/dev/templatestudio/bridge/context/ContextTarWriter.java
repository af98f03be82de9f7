package dev.templatestudio.bridge.context;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes the tar of a build context, for the remote and the docker runtimes alike (each picks
 * what goes in). An entry records only name, permission bits, owner, mtime in whole seconds,
 * size, content and link target, so the same files give the same bytes: plain ustar fields, no
 * PAX record that would vary with sub-second noise or the user's name. Symlinks are stored as
 * links, never followed. Not thread-safe.
 */
public final class ContextTarWriter implements AutoCloseable {
  /** Whose files the entries say they are. */
  public enum Owners {
    /** The files' own numeric owners, which a {@code rootfs:DIR} base keeps in its layer. */
    KEEP,
    /** root's, as Docker gives copied files unless told otherwise. */
    ROOT
  }

  private final TarArchiveOutputStream tar;
  private final Owners owners;

  public ContextTarWriter(OutputStream out, Owners owners) {
    this.tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    this.owners = owners;
  }

  /** Adds the folder, symlink or regular file at {@code source} as {@code name}; other kinds are left out. */
  public void add(String name, Path source) throws IOException {
    if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
      addDir(name, source);
    } else if (Files.isSymbolicLink(source)) {
      addSymlink(name, source);
    } else if (Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
      addFile(name, source);
    }
  }

  public void addDir(String name, Path source) throws IOException {
    tar.putArchiveEntry(entry(name + "/", TarConstants.LF_DIR, source));
    tar.closeArchiveEntry();
  }

  public void addSymlink(String name, Path source) throws IOException {
    TarArchiveEntry e = entry(name, TarConstants.LF_SYMLINK, source);
    e.setLinkName(Files.readSymbolicLink(source).toString());
    tar.putArchiveEntry(e);
    tar.closeArchiveEntry();
  }

  public void addFile(String name, Path source) throws IOException {
    TarArchiveEntry e = entry(name, TarConstants.LF_NORMAL, source);
    e.setSize(Files.size(source));
    tar.putArchiveEntry(e);
    try (InputStream in = Files.newInputStream(source)) {
      in.transferTo(tar);
    }
    tar.closeArchiveEntry();
  }

  /** Adds a file of {@code content}, mode 0644, owned by root, dated 1970. */
  public void addText(String name, String content) throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
    e.setMode(0644);
    e.setModTime(0);
    e.setIds(0, 0);
    e.setNames("", "");
    e.setSize(bytes.length);
    tar.putArchiveEntry(e);
    tar.write(bytes);
    tar.closeArchiveEntry();
  }

  /** Ends the archive and closes the stream under it. */
  @Override
  public void close() throws IOException {
    tar.finish();
    tar.close();
  }

  private TarArchiveEntry entry(String name, byte type, Path source) throws IOException {
    Map<String, Object> attrs = Files.readAttributes(source, "unix:mode,uid,gid,lastModifiedTime",
        LinkOption.NOFOLLOW_LINKS);
    TarArchiveEntry e = new TarArchiveEntry(name, type);
    e.setMode((Integer) attrs.get("mode") & 07777);
    e.setModTime(((FileTime) attrs.get("lastModifiedTime")).toInstant().getEpochSecond() * 1000);
    if (owners == Owners.KEEP) {
      e.setIds((Integer) attrs.get("uid"), (Integer) attrs.get("gid"));
    } else {
      e.setIds(0, 0);
    }
    e.setNames("", "");
    return e;
  }
}
