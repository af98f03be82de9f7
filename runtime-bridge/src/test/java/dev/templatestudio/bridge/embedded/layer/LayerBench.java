package dev.templatestudio.bridge.embedded.layer;

import dev.templatestudio.bridge.embedded.store.BlobStore;
import dev.templatestudio.bridge.io.Digests;
import dev.templatestudio.bridge.io.Trees;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.time.Instant;
import java.util.Random;

/**
 * Measures layer capture and extraction on a generated tree (docs/perf/layers.md):
 * {@code java -cp runtime-bridge/target/classes:DEPS dev.templatestudio.bridge.embedded.layer.LayerBench [DIR] [MB] [ROUNDS]}.
 * Creates DIR/tree (kept between runs), a layer in a BlobStore under DIR/store, and DIR/x-N.
 */
public final class LayerBench {
  private static int rounds = 3;

  private LayerBench() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/layer-bench");
    int megabytes = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Path tree = dir.resolve("tree");
    long bytes = makeTree(tree, megabytes);
    long files;
    try (var walk = Files.walk(tree)) {
      files = walk.count();
    }
    System.out.printf("tree: %d MB in %d entries at %s%n", bytes >> 20, files, tree);
    Instant clamp = Instant.parse("2024-01-01T00:00:00Z");

    for (int round = 1; round <= rounds; round++) {
      long start = start();
      DigestOutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), Digests.sha256());
      LayerWriter.write(tree, sink, clamp);
      sink.getMessageDigest().digest();
      report("write tar+sha256 (no file)", bytes, start);
    }
    BlobStore store = new BlobStore(dir.resolve("store"));
    String digest = null;
    for (int round = 1; round <= rounds; round++) {
      long start = start();
      digest = store.put(out -> LayerWriter.write(tree, out, clamp), null);
      report("write tar+sha256 into BlobStore (fsync)", bytes, start);
    }
    for (int round = 1; round <= rounds; round++) {
      Path target = dir.resolve("x-" + round);
      if (Files.exists(target)) {
        Trees.delete(target);
      }
      long start = start();
      try (InputStream in = store.open(digest)) {
        LayerExtractor.extract(in, target);
      }
      report("extract", bytes, start);
      Trees.delete(target);
    }
    System.out.println("layer " + digest);
  }

  /**
   * Wall-clock throughput, and the CPU seconds the whole process used (user + system, both
   * threads): on a shared machine the wall clock mostly measures the neighbours, while
   * MB per CPU-second says what the code costs.
   */
  private static void report(String what, long bytes, long startNanos) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    double cpu = (processCpuNanos() - cpuAtStart) / 1e9;
    System.out.printf("%-42s %6.2f s  %7.0f MB/s   cpu %6.2f s  %7.0f MB/cpu-s  load %.1f%n", what,
        seconds, bytes / 1048576.0 / seconds, cpu, bytes / 1048576.0 / cpu,
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  private static long cpuAtStart;

  private static long start() {
    cpuAtStart = processCpuNanos();
    return System.nanoTime();
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
        java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /**
   * A tree shaped like a language runtime image: 80% of the bytes in 64 large files
   * (incompressible), the rest in small files of 1-32 KB spread over nested directories.
   */
  private static long makeTree(Path tree, int megabytes) throws IOException {
    Path done = tree.resolve(".complete-" + megabytes);
    long total = (long) megabytes << 20;
    if (Files.exists(done)) {
      return total;
    }
    if (Files.exists(tree)) {
      Trees.delete(tree);
    }
    Random random = new Random(42);
    long large = total * 8 / 10;
    byte[] block = new byte[1 << 20];
    for (int i = 0; i < 64; i++) {
      Path file = tree.resolve("big/lib" + i + ".so");
      Files.createDirectories(file.getParent());
      try (OutputStream out = Files.newOutputStream(file)) {
        for (long left = large / 64; left > 0; left -= block.length) {
          random.nextBytes(block);
          out.write(block, 0, (int) Math.min(block.length, left));
        }
      }
    }
    long written = large / 64 * 64;
    int n = 0;
    while (written < total) {
      int size = Math.min((int) (total - written), 1024 + random.nextInt(31 * 1024));
      Path file = tree.resolve("usr/lib/pkg" + (n / 200) + "/sub" + (n / 20 % 10) + "/file" + n + ".py");
      Files.createDirectories(file.getParent());
      byte[] data = new byte[size];
      random.nextBytes(data);
      Files.write(file, data);
      written += size;
      n++;
    }
    Files.writeString(done, "");
    return total;
  }
}
