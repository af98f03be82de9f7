package dev.templatestudio.bridge.embedded;

import dev.templatestudio.bridge.io.Digests;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Decompression bombs for the disk-bound tests: small gzip files whose tar holds one file of
 * zeros, {@code mb} MB large, as a {@code rootfs:} tar, an OCI layout and a docker archive.
 * 1.1 GB of zeros gzip to about 1 MB.
 */
public final class DiskBombs {
  private DiskBombs() {}

  /** A layer of one file {@code /zeros} of {@code mb} MB, gzipped into {@code file}; returns its diff id. */
  public static String layerTarGz(Path file, long mb) throws IOException {
    return layerTarGz(file, mb, false);
  }

  private static String layerTarGz(Path file, long mb, boolean random) throws IOException {
    Files.createDirectories(file.getParent());
    MessageDigest sha = Digests.sha256();
    try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(file), 1 << 16);
         DigestOutputStream plain = new DigestOutputStream(gz, sha)) {
      writeTar(plain, mb, random);
    }
    return "sha256:" + HexFormat.of().formatHex(sha.digest());
  }

  /** An OCI layout in {@code dir} (tag {@code bomb}) whose one layer is such a bomb. */
  public static void ociLayout(Path dir, long mb) throws IOException {
    ociLayout(dir, mb, false);
  }

  /** An OCI layout like {@link #ociLayout} whose file is random, so its gzip is as large as it. */
  public static void ociLayoutIncompressible(Path dir, long mb) throws IOException {
    ociLayout(dir, mb, true);
  }

  private static void ociLayout(Path dir, long mb, boolean random) throws IOException {
    Path blobs = Files.createDirectories(dir.resolve("blobs/sha256"));
    Path layer = dir.resolve("layer.tar.gz");
    String diffId = layerTarGz(layer, mb, random);
    String layerDigest = digest(Files.readAllBytes(layer));
    long layerSize = Files.size(layer);
    Files.move(layer, blobs.resolve(hex(layerDigest)));
    byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},"
        + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + diffId + "\"]}}").getBytes(StandardCharsets.UTF_8);
    String configDigest = put(blobs, config);
    byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
        + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest
        + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
        + "\"digest\":\"" + layerDigest + "\",\"size\":" + layerSize + "}]}").getBytes(StandardCharsets.UTF_8);
    String manifestDigest = put(blobs, manifest);
    Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    Files.writeString(dir.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
        + "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + manifestDigest + "\",\"size\":"
        + manifest.length + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"bomb\"}}]}");
  }

  /**
   * A gzipped {@code docker save} archive whose one layer.tar is {@code mb} MB: what inflates
   * is the archive itself.
   */
  public static void dockerArchiveGz(Path file, long mb) throws IOException {
    try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(file), 1 << 16);
         TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      byte[] manifest = "[{\"Config\":\"config.json\",\"RepoTags\":[\"bomb:1\"],\"Layers\":[\"l/layer.tar\"]}]"
          .getBytes(StandardCharsets.UTF_8);
      entry(tar, "manifest.json", manifest);
      entry(tar, "config.json", "{\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:0\"]}}"
          .getBytes(StandardCharsets.UTF_8));
      TarArchiveEntry layer = new TarArchiveEntry("l/layer.tar");
      layer.setSize(tarSize(mb));
      tar.putArchiveEntry(layer);
      writeTar(tar, mb, false);
      tar.closeArchiveEntry();
    }
  }

  private static long tarSize(long mb) throws IOException {
    long[] n = {0};
    OutputStream counter = new OutputStream() {
      @Override
      public void write(int b) {
        n[0]++;
      }

      @Override
      public void write(byte[] b, int off, int len) {
        n[0] += len;
      }
    };
    writeTar(counter, 0, false);
    return n[0] + (mb << 20);
  }

  /** A tar with one file {@code zeros} of {@code mb} MB (of zeros, or random); {@code out} is not closed. */
  private static void writeTar(OutputStream out, long mb, boolean random) throws IOException {
    TarArchiveOutputStream tar = new TarArchiveOutputStream(new java.io.FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        out.flush();
      }
    });
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    TarArchiveEntry e = new TarArchiveEntry("zeros");
    e.setSize(mb << 20);
    e.setMode(0644);
    tar.putArchiveEntry(e);
    byte[] chunk = new byte[1 << 20];
    java.util.Random bytes = new java.util.Random(1);
    for (long i = 0; i < mb; i++) {
      if (random) {
        bytes.nextBytes(chunk);
      }
      tar.write(chunk);
    }
    tar.closeArchiveEntry();
    tar.finish();
    tar.close();
  }

  private static void entry(TarArchiveOutputStream tar, String name, byte[] bytes) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setSize(bytes.length);
    tar.putArchiveEntry(e);
    tar.write(bytes);
    tar.closeArchiveEntry();
  }

  private static String put(Path blobs, byte[] bytes) throws IOException {
    String digest = digest(bytes);
    Files.write(blobs.resolve(hex(digest)), bytes);
    return digest;
  }

  private static String digest(byte[] bytes) {
    return "sha256:" + HexFormat.of().formatHex(Digests.sha256().digest(bytes));
  }

  private static String hex(String digest) {
    return digest.substring("sha256:".length());
  }
}
