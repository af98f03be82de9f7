package dev.templatestudio.bridge.embedded.export;

import dev.templatestudio.bridge.embedded.layer.ArchiveNames;
import dev.templatestudio.bridge.embedded.oci.Descriptor;
import dev.templatestudio.bridge.embedded.store.BlobStore;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Merges an image's layers into one rootfs tar with the whiteouts applied, reading layers
 * from the BlobStore and never touching the disk otherwise. Pass 1 goes top-down and decides
 * which layer provides each path (a path is hidden by a higher layer's entry, whiteout,
 * opaque directory, or non-directory ancestor); pass 2 goes bottom-up and copies the winners,
 * so a directory's children follow it and hard-link targets come first. Names climbing out
 * with {@code ..} and device nodes are dropped, as the layer extractor does. One thread.
 */
final class LayerFlattener {
  private final BlobStore store;
  private final List<Descriptor> layers;
  /** path → layer index and entry ordinal (last occurrence in that layer) that provides it. */
  private final Map<String, long[]> winners = new HashMap<>();
  private final Map<String, Boolean> winnerIsDir = new HashMap<>();
  private final Set<String> deleted = new HashSet<>();
  private final Set<String> opaque = new HashSet<>();
  private final List<String> warnings = new ArrayList<>();

  LayerFlattener(BlobStore store, List<Descriptor> layers) {
    this.store = store;
    this.layers = layers;
  }

  /** Writes the merged tar to {@code out} (not closed); returns warnings about dropped entries. */
  List<String> write(OutputStream out) throws IOException {
    for (int i = layers.size() - 1; i >= 0; i--) {
      decide(i);
    }
    TarArchiveOutputStream tar = new TarArchiveOutputStream(new java.io.FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        out.flush();
      }
    }, TarConstants.DEFAULT_RCDSIZE, "UTF-8");
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    tar.setAddPaxHeadersForNonAsciiNames(true);
    List<TarArchiveEntry> lateLinks = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      copyWinners(i, tar, lateLinks);
    }
    for (TarArchiveEntry link : lateLinks) {
      tar.putArchiveEntry(link);
      tar.closeArchiveEntry();
    }
    tar.finish();
    tar.close();
    return warnings;
  }

  private void decide(int layer) throws IOException {
    Set<String> layerDeleted = new HashSet<>();
    Set<String> layerOpaque = new HashSet<>();
    try (TarArchiveInputStream in = open(layer)) {
      TarArchiveEntry entry;
      long ordinal = 0;
      while ((entry = in.getNextEntry()) != null) {
        ordinal++;
        String path = ArchiveNames.normalize(entry.getName());
        if (path == null) {
          warnings.add(entry.getName() + ": the path climbs out of the root, left out of the export");
          continue;
        }
        if (path.isEmpty()) {
          continue;
        }
        String base = path.substring(path.lastIndexOf('/') + 1);
        String parent = path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "";
        if (base.equals(".wh..wh..opq")) {
          layerOpaque.add(parent);
        } else if (base.startsWith(".wh.")) {
          layerDeleted.add(parent.isEmpty() ? base.substring(4) : parent + "/" + base.substring(4));
        } else if (!hiddenByHigher(path, layer)) {
          winners.put(path, new long[] {layer, ordinal});
          winnerIsDir.put(path, entry.isDirectory());
        }
      }
    }
    deleted.addAll(layerDeleted);
    opaque.addAll(layerOpaque);
  }

  private boolean hiddenByHigher(String path, int layer) {
    long[] winner = winners.get(path);
    if (winner != null && winner[0] > layer) {
      return true;
    }
    if (deleted.contains(path)) {
      return true;
    }
    for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
      String ancestor = path.substring(0, slash);
      if (deleted.contains(ancestor) || opaque.contains(ancestor)) {
        return true;
      }
      long[] up = winners.get(ancestor);
      if (up != null && up[0] > layer && !winnerIsDir.get(ancestor)) {
        return true;
      }
    }
    return opaque.contains("");
  }

  private void copyWinners(int layer, TarArchiveOutputStream tar, List<TarArchiveEntry> lateLinks)
      throws IOException {
    try (TarArchiveInputStream in = open(layer)) {
      TarArchiveEntry entry;
      long ordinal = 0;
      byte[] buffer = new byte[1 << 16];
      while ((entry = in.getNextEntry()) != null) {
        ordinal++;
        String path = ArchiveNames.normalize(entry.getName());
        long[] winner = path == null ? null : winners.get(path);
        if (winner == null || winner[0] != layer || winner[1] != ordinal) {
          continue;
        }
        if (entry.isCharacterDevice() || entry.isBlockDevice()) {
          warnings.add(path + ": device node left out of the export");
          continue;
        }
        TarArchiveEntry copy = copyOf(entry, path);
        if (entry.isLink()) {
          String target = ArchiveNames.normalize(entry.getLinkName());
          long[] targetWinner = target == null ? null : winners.get(target);
          if (targetWinner == null || winnerIsDir.get(target)) {
            warnings.add(path + ": hard link to a missing or hidden file left out of the export");
            continue;
          }
          copy.setLinkName(target);
          if (targetWinner[0] > layer) {
            lateLinks.add(copy);
            continue;
          }
        }
        tar.putArchiveEntry(copy);
        if (entry.isFile() && !entry.isLink()) {
          int n;
          while ((n = in.read(buffer)) > 0) {
            tar.write(buffer, 0, n);
          }
        }
        tar.closeArchiveEntry();
      }
    }
  }

  private static TarArchiveEntry copyOf(TarArchiveEntry entry, String path) {
    byte type = entry.isDirectory() ? TarConstants.LF_DIR : entry.getLinkFlag();
    if (type == TarConstants.LF_OLDNORM) {
      type = TarConstants.LF_NORMAL;
    }
    TarArchiveEntry copy = new TarArchiveEntry(entry.isDirectory() ? path + "/" : path, type, true);
    copy.setMode(entry.getMode() & 07777);
    copy.setUserId(entry.getLongUserId());
    copy.setGroupId(entry.getLongGroupId());
    copy.setUserName(entry.getUserName());
    copy.setGroupName(entry.getGroupName());
    copy.setModTime(entry.getModTime());
    if (entry.isSymbolicLink()) {
      copy.setLinkName(entry.getLinkName());
    }
    if (entry.isFile() && !entry.isLink()) {
      copy.setSize(entry.getSize());
    }
    for (Map.Entry<String, String> pax : entry.getExtraPaxHeaders().entrySet()) {
      // File capabilities and other xattrs travel as SCHILY.xattr records.
      if (pax.getKey().startsWith("SCHILY.xattr.")) {
        copy.addPaxHeader(pax.getKey(), pax.getValue());
      }
    }
    return copy;
  }

  private TarArchiveInputStream open(int layer) throws IOException {
    InputStream raw = new BufferedInputStream(store.open(layers.get(layer).digest()), 1 << 16);
    InputStream plain = ArchiveNames.isGzip(raw) ? new GZIPInputStream(raw, 1 << 16) : raw;
    return new TarArchiveInputStream(plain, "UTF-8");
  }
}
