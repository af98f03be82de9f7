package dev.templatestudio.bridge.embedded.export;

import dev.templatestudio.bridge.host.EmbeddedNeeds;
import dev.templatestudio.bridge.host.HostFacts;
import dev.templatestudio.bridge.embedded.image.OciJson;
import dev.templatestudio.bridge.embedded.layer.HostTools;
import dev.templatestudio.bridge.embedded.layer.LayerExtractor;
import dev.templatestudio.bridge.embedded.oci.Manifest;
import dev.templatestudio.bridge.embedded.store.BlobStore;
import dev.templatestudio.bridge.io.Trees;
import dev.templatestudio.bridge.io.AtomicWrite;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Exports an image's merged filesystem: as one tar ({@code --rootfs-tar}) or as an ext4 disk
 * image for a microVM ({@code --ext4}, made by {@code mke2fs -d} from e2fsprogs). The target
 * file appears only when complete (temp file + rename). Blocking.
 */
public final class RootfsExporter {
  /** Free room in the disk image beyond the files: ext4 metadata, journal, and some space to write. */
  private static final long EXT4_SLACK = 64L << 20;

  private RootfsExporter() {}

  /** Writes the flattened rootfs tar of {@code manifestDigest}; returns warnings about left-out entries. */
  public static List<String> exportTar(BlobStore store, String manifestDigest, Path file)
      throws IOException {
    Path temp = tempNextTo(file);
    try {
      List<String> warnings;
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 20)) {
        warnings = flatten(store, manifestDigest, out);
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return warnings;
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Writes an ext4 image of the merged rootfs, sized to the files plus 64 MB. Needs root, to
   * give the files their owners in the image.
   */
  public static List<String> exportExt4(BlobStore store, String manifestDigest, Path file)
      throws IOException {
    if (!HostTools.isRoot()) {
      throw new ExportException("exporting an ext4 image needs root, to keep the files' owners: run as root or export --rootfs-tar");
    }
    String mke2fs = tool("mke2fs");
    Path work = Files.createTempDirectory(store.root().resolve("tmp"), "ext4-");
    Path temp = tempNextTo(file);
    try {
      Path tar = work.resolve("rootfs.tar");
      List<String> warnings = new ArrayList<>();
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tar), 1 << 20)) {
        warnings.addAll(flatten(store, manifestDigest, out));
      }
      Path tree = work.resolve("rootfs");
      try (InputStream in = Files.newInputStream(tar)) {
        warnings.addAll(LayerExtractor.extract(in, tree));
      }
      long[] usage = usage(tree);
      long bytes = usage[0] + usage[0] / 4 + EXT4_SLACK;
      long megabytes = (bytes + (1 << 20) - 1) >> 20;
      long inodes = usage[1] + usage[1] / 4 + 1024;
      run(List.of(mke2fs, "-q", "-F", "-t", "ext4", "-N", Long.toString(inodes), "-d", tree.toString(),
          "-L", "rootfs", temp.toString(), megabytes + "M"));
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return warnings;
    } finally {
      Files.deleteIfExists(temp);
      Trees.delete(work);
    }
  }

  private static List<String> flatten(BlobStore store, String manifestDigest, OutputStream out)
      throws IOException {
    if (!store.has(manifestDigest)) {
      throw new ExportException("the store has no image " + manifestDigest);
    }
    Manifest manifest = OciJson.read(store.read(manifestDigest), Manifest.class,
        "the manifest " + manifestDigest);
    return new LayerFlattener(store, manifest.layers()).write(out);
  }

  private static Path tempNextTo(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new ExportException("cannot export to " + file + ": " + file + " is a folder, not a file");
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new ExportException("cannot export to " + file + ": its folder does not exist");
    }
    Path temp = Files.createTempFile(parent, "." + file.getFileName(), ".part");
    AtomicWrite.givePermissions(temp, file);
    return temp;
  }

  /** Apparent bytes (rounded up to 4 KB blocks) and entries of a tree. */
  private static long[] usage(Path tree) throws IOException {
    long[] usage = new long[2];
    Files.walkFileTree(tree, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        usage[0] += 4096;
        usage[1]++;
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
        usage[0] += (attrs.size() + 4095) / 4096 * 4096;
        usage[1]++;
        return FileVisitResult.CONTINUE;
      }
    });
    return usage;
  }

  /** An e2fsprogs tool; what doctor says of e2fsprogs when it is absent. */
  private static String tool(String name) throws ExportException {
    HostFacts host = HostFacts.local();
    return host.tool(name).orElseThrow(() -> new ExportException(EmbeddedNeeds.ext4Tools(host).sentence()));
  }

  private static void run(List<String> command) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Process process = builder.start();
    byte[] output = process.getInputStream().readAllBytes();
    try {
      if (process.waitFor() != 0) {
        throw new ExportException(command.get(0) + " failed: " + new String(output).strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new ExportException("interrupted while making the ext4 image");
    }
  }
}
