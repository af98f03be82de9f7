package dev.templatestudio.bridge.embedded.bench;

import dev.templatestudio.bridge.embedded.ImageWriter;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.template.Template;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * podman's side of the benchmark: the same busybox base imported as a local image, the same
 * template rendered as a Dockerfile, built with {@code podman build --isolation chroot}.
 * Skipped, with a line saying so, when podman is not installed. Runs on the caller's thread.
 */
final class PodmanBench {
  private static final String BASE = "localhost/template-studio-bench-busybox:latest";
  /** Marks the benchmark's images, so its intermediate images can be removed and no others. */
  private static final String LABEL = "template-studio-bench=1";

  private PodmanBench() {}

  static void compare(Path dir, Store store, Template ten, Path ctx, int runs, double ourCached,
      double ourTrivialBuild) throws Exception {
    System.out.println();
    if (!Files.isExecutable(Path.of("/usr/bin/podman"))) {
      System.out.println("podman is not installed: no side-by-side figures (apt-get install podman).");
      return;
    }
    String busybox = store.templates().resolve("busybox").orElseThrow().manifestDigest();
    Path layer = store.blobs().path(ImageWriter.load(store.blobs(), busybox).manifest().layers().get(0).digest());
    podman("import", layer.toString(), BASE);
    Path tenFile = ctx.resolve("Dockerfile.ten");
    Files.writeString(tenFile, EngineBench.dockerfile(ten, BASE));
    Path trivialFile = ctx.resolve("Dockerfile.trivial");
    Files.writeString(trivialFile, "FROM " + BASE + "\nRUN true\n");
    long t0 = System.nanoTime();
    podman("build", "--isolation", "chroot", "--label", LABEL, "-q", "-t", "ts-bench10", "-f", tenFile.toString(), ctx.toString());
    double first = EngineBench.ms(System.nanoTime() - t0);
    int podmanRuns = Math.max(3, Math.min(runs, 10));
    List<Double> cached = new ArrayList<>();
    for (int i = 0; i < podmanRuns; i++) {
      long t = System.nanoTime();
      podman("build", "--isolation", "chroot", "--label", LABEL, "-q", "-t", "ts-bench10", "-f", tenFile.toString(), ctx.toString());
      cached.add(EngineBench.ms(System.nanoTime() - t));
    }
    List<Double> trivial = new ArrayList<>();
    for (int i = 0; i < podmanRuns; i++) {
      long t = System.nanoTime();
      podman("build", "--isolation", "chroot", "--label", LABEL, "--no-cache", "-q", "-t", "ts-bench-trivial", "-f",
          trivialFile.toString(), ctx.toString());
      trivial.add(EngineBench.ms(System.nanoTime() - t));
    }
    double podmanCached = EngineBench.median(cached);
    double podmanTrivial = EngineBench.median(trivial);
    System.out.println("| same machine, same run | embedded | podman " + version() + " (--isolation chroot) | podman / embedded |");
    System.out.println("|---|---|---|---|");
    System.out.printf(Locale.ROOT, "| first build of the 10-step template | - | %.0f ms | - |%n", first);
    System.out.printf(Locale.ROOT, "| fully cached rebuild, 10 steps (median) | %.1f ms | %.0f ms | %.0fx |%n",
        ourCached, podmanCached, podmanCached / ourCached);
    System.out.printf(Locale.ROOT, "| build of FROM + `RUN true`, no cache (median) | %.1f ms | %.0f ms | %.0fx |%n",
        ourTrivialBuild, podmanTrivial, podmanTrivial / ourTrivialBuild);
    podman("rmi", "-f", "ts-bench10", "ts-bench-trivial", BASE);
    podman("image", "prune", "-f", "--filter", "label=" + LABEL);
    System.out.println();
    System.out.println("load average after: " + EngineBench.loadAverage());
  }

  private static String version() throws IOException, InterruptedException {
    return podman("version", "--format", "{{.Client.Version}}").trim();
  }

  private static String podman(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/podman"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed: " + out);
    }
    return out;
  }
}
