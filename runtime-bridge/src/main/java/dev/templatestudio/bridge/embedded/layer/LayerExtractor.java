package dev.templatestudio.bridge.embedded.layer;

import dev.templatestudio.bridge.io.SafePaths;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unpacks one layer tar (plain or gzip, told apart by magic) into an empty directory in the
 * format overlayfs expects of a lower dir: {@code .wh.NAME} becomes a 0/0 character device
 * NAME, {@code .wh..wh..opq} the xattr {@code user.overlay.opaque=y} on its directory (the
 * sandbox mounts overlayfs with {@code userxattr}).
 *
 * <p>Layers come from strangers, so every entry is checked before anything is written:
 * names that climb out of the root ({@code ../}) are refused, absolute names are taken as
 * relative to the root, no parent component may be a symlink (so nothing is ever written
 * through one, whatever it points at), hard links must name an entry already extracted inside
 * the root, device nodes other than whiteouts are refused. Symlinks themselves are kept as
 * they are, even when they point outside: they are only followed later, inside the sandbox.
 * Refused entries are skipped and reported as warnings. Ownership is applied when running as
 * root. Blocking; call from a worker thread.
 */
public final class LayerExtractor {
  private static final int BUFFER = 1 << 20;

  private final Path root;
  private final boolean asRoot = HostTools.isRoot();
  private final SafePaths paths;
  private final List<String> warnings = new ArrayList<>();
  private final List<String> whiteouts = new ArrayList<>();
  private final List<String> opaque = new ArrayList<>();
  private final List<Deferred> fifos = new ArrayList<>();
  private final List<Deferred> dirs = new ArrayList<>();
  private final byte[] buffer = new byte[BUFFER];

  private LayerExtractor(Path root) {
    this.root = root;
    this.paths = new SafePaths(root);
  }

  /**
   * Extracts a layer into {@code emptyDir} (created if absent; must be empty).
   *
   * @return one sentence per refused or changed entry, in archive order
   */
  public static List<String> extract(InputStream layerTarOrGzip, Path emptyDir) throws IOException {
    return extract(layerTarOrGzip, emptyDir, ReadCharge.NONE);
  }

  /**
   * As {@link #extract(InputStream, Path)}, charging {@code budget} for the layer's inflated tar
   * as it is read, before its entries are written: every byte of a file's content and every
   * entry's header, so a decompression bomb stops at the bound, whatever its entries are.
   */
  public static List<String> extract(InputStream layerTarOrGzip, Path emptyDir, ReadCharge budget)
      throws IOException {
    Files.createDirectories(emptyDir);
    try (var listing = Files.list(emptyDir)) {
      if (listing.findAny().isPresent()) {
        throw new IOException("layer target is not empty: " + emptyDir);
      }
    }
    LayerExtractor extractor = new LayerExtractor(emptyDir.toAbsolutePath().normalize());
    extractor.run(layerTarOrGzip, budget);
    return List.copyOf(extractor.warnings);
  }

  private void run(InputStream raw, ReadCharge budget) throws IOException {
    // The caller owns (and closes) its stream; the gzip layer on top is closed here.
    BufferedInputStream in = new BufferedInputStream(new java.io.FilterInputStream(raw) {
      @Override
      public void close() {
        // Left to the caller.
      }
    }, BUFFER);
    boolean gzip = ArchiveNames.isGzip(in);
    // Inflating costs as much CPU as writing the files: a second thread does it.
    try (InputStream plain = gzip ? new PrefetchingInputStream(new GZIPInputStream(in, 1 << 16)) : in) {
      TarArchiveInputStream tar = new TarArchiveInputStream(budget.charging(plain), "UTF-8");
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        LayerWriter.checkCancelled();
        extractEntry(tar, entry);
      }
    }
    finish();
  }

  private void extractEntry(TarArchiveInputStream tar, TarArchiveEntry entry) throws IOException {
    String rawName = entry.getName();
    String name = ArchiveNames.normalize(rawName);
    if (name == null) {
      warn(rawName, "refused: the path climbs out of the layer's root");
      return;
    }
    if (rawName.startsWith("/")) {
      warn(rawName, "absolute path taken as relative to the layer's root");
    }
    if (name.isEmpty()) {
      if (entry.isDirectory()) {
        dirs.add(new Deferred(root, entry));
      }
      return;
    }
    String base = name.substring(name.lastIndexOf('/') + 1);
    String parent = name.contains("/") ? name.substring(0, name.lastIndexOf('/')) : "";
    if (base.equals(LayerWriter.OPAQUE_MARKER)) {
      Path dir = parent.isEmpty() ? root : paths.ensureDirectory(parent);
      if (dir == null) {
        warn(rawName, "refused: a parent directory is a symlink or not a directory");
      } else {
        opaque.add(dir.toString());
      }
      return;
    }
    if (base.startsWith(LayerWriter.WHITEOUT_PREFIX)) {
      whiteout(rawName, parent, base.substring(LayerWriter.WHITEOUT_PREFIX.length()));
      return;
    }
    Path target = paths.prepare(name, entry.isDirectory());
    if (target == null) {
      warn(rawName, "refused: a parent directory is a symlink or not a directory");
      return;
    }
    if (entry.isDirectory()) {
      if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectory(target);
      }
      paths.markDirectory(name);
      dirs.add(new Deferred(target, entry));
    } else if (entry.isSymbolicLink() && entry.getLinkName().isEmpty()) {
      warn(rawName, "refused: symlink with an empty target");
    } else if (entry.isSymbolicLink()) {
      Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
      applyOwnerAndTime(target, entry, false);
    } else if (entry.isLink()) {
      hardlink(rawName, target, entry);
    } else if (entry.isCharacterDevice() || entry.isBlockDevice()) {
      warn(rawName, "refused: device nodes are not allowed in a layer");
    } else if (entry.isFIFO()) {
      fifos.add(new Deferred(target, entry));
    } else if (entry.isFile()) {
      writeFile(tar, target);
      applyOwnerAndTime(target, entry, true);
    } else {
      warn(rawName, "skipped: unsupported tar entry type '" + (char) entry.getLinkFlag() + "'");
    }
  }

  private void whiteout(String rawName, String parent, String hidden) throws IOException {
    if (hidden.startsWith(LayerWriter.WHITEOUT_PREFIX)) {
      // AUFS bookkeeping (.wh..wh.plnk and friends) has no meaning for overlayfs.
      warn(rawName, "skipped: AUFS metadata entry");
      return;
    }
    String name = parent.isEmpty() ? hidden : parent + "/" + hidden;
    // ".wh.." would delete the root itself and ".wh..." its parent: the hidden name must be
    // one plain name that normalisation leaves as it is.
    if (hidden.isEmpty() || hidden.contains("/") || !name.equals(ArchiveNames.normalize(name))) {
      warn(rawName, "refused: a whiteout must hide one plain name inside the layer's root");
      return;
    }
    Path target = paths.prepare(name, false);
    if (target == null) {
      warn(rawName, "refused: a parent directory is a symlink or not a directory");
      return;
    }
    whiteouts.add(target.toString());
  }

  private void hardlink(String rawName, Path target, TarArchiveEntry entry) throws IOException {
    String linkName = ArchiveNames.normalize(entry.getLinkName());
    Path existing = linkName == null || linkName.isEmpty() ? null : paths.existingInside(linkName);
    if (existing == null) {
      warn(rawName, "refused: hard link to '" + entry.getLinkName()
          + "' which is outside the layer or not extracted before it");
      return;
    }
    Files.createLink(target, existing);
  }

  private void writeFile(TarArchiveInputStream tar, Path target) throws IOException {
    try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
      int n;
      while ((n = tar.read(buffer)) > 0) {
        out.write(buffer, 0, n);
        LayerWriter.checkCancelled();
      }
    }
  }

  /**
   * Special files are made in batches (one process per batch), then directories get their
   * metadata, deepest first. A later entry may have replaced a parent with a symlink, so every
   * deferred path is checked again right before it is used.
   */
  private void finish() throws IOException {
    List<String> whiteoutPaths = stillSafe(whiteouts, "whiteout");
    if (!whiteoutPaths.isEmpty()) {
      if (!asRoot) {
        throw new LayerRefusedException("this layer deletes files (whiteouts), which only root can extract");
      }
      HostTools.require("mknod");
      HostTools.runPerPath("mknod -m 0 -- \"$f\" c 0 0", whiteoutPaths);
    }
    List<Deferred> safeFifos = new ArrayList<>();
    for (Deferred fifo : fifos) {
      if (!stillSafe(List.of(fifo.path().toString()), "fifo").isEmpty()) {
        safeFifos.add(fifo);
      }
    }
    if (!safeFifos.isEmpty()) {
      HostTools.require("mkfifo");
      for (Deferred fifo : safeFifos) {
        makeFifo(fifo.path(), fifo.entry());
      }
    }
    for (String dir : new LinkedHashSet<>(opaque)) {
      Path path = Path.of(dir);
      if (paths.parentsAreDirectories(path) && Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
        OpaqueDirs.mark(path);
      }
    }
    Set<Path> done = new HashSet<>();
    for (int i = dirs.size() - 1; i >= 0; i--) {
      Path dir = dirs.get(i).path();
      if (done.add(dir) && (dir.equals(root) || paths.parentsAreDirectories(dir))
          && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        applyOwnerAndTime(dir, dirs.get(i).entry(), true);
      }
    }
  }

  /** The deferred paths whose parents are still real directories and that nothing took meanwhile. */
  private List<String> stillSafe(List<String> deferred, String what) {
    List<String> safe = new ArrayList<>();
    for (String name : deferred) {
      Path path = Path.of(name);
      if (!paths.parentsAreDirectories(path)) {
        warn(root.relativize(path).toString(), "refused " + what + ": a parent was replaced by a symlink");
      } else if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
        warn(root.relativize(path).toString(), "skipped " + what + ": a later entry has the same name");
      } else {
        safe.add(name);
      }
    }
    return safe;
  }

  /**
   * Java opens a file to change its mode or times, and opening a fifo blocks until someone
   * writes to it: the coreutils do it by path instead.
   */
  private void makeFifo(Path path, TarArchiveEntry entry) throws IOException {
    String script = "mkfifo -m \"$1\" -- \"$4\" && touch -h -d \"@$3\" -- \"$4\""
        + (asRoot ? " && chown -h \"$2\" -- \"$4\" && chmod \"$1\" -- \"$4\"" : "");
    HostTools.run(List.of("/bin/sh", "-c", script, "sh",
        Integer.toOctalString(entry.getMode() & FileModes.PERMISSIONS),
        entry.getLongUserId() + ":" + entry.getLongGroupId(),
        Long.toString(entry.getModTime().toInstant().getEpochSecond()), path.toString()));
  }

  /** chown before chmod: chown clears setuid/setgid bits. Symlinks get owner and time only. */
  private void applyOwnerAndTime(Path path, TarArchiveEntry entry, boolean withMode)
      throws IOException {
    if (asRoot) {
      Files.setAttribute(path, "unix:uid", (int) entry.getLongUserId(), LinkOption.NOFOLLOW_LINKS);
      Files.setAttribute(path, "unix:gid", (int) entry.getLongGroupId(), LinkOption.NOFOLLOW_LINKS);
    }
    if (withMode) {
      Files.setAttribute(path, "unix:mode", entry.getMode() & FileModes.PERMISSIONS,
          LinkOption.NOFOLLOW_LINKS);
    }
    FileTime mtime = FileTime.from(entry.getModTime().toInstant());
    Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
        .setTimes(mtime, null, null);
  }

  private void warn(String name, String sentence) {
    warnings.add(name + ": " + sentence);
  }

  private record Deferred(Path path, TarArchiveEntry entry) {}
}
