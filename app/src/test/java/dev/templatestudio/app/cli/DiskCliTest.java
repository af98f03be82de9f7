package dev.templatestudio.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.templatestudio.bridge.embedded.DiskBombs;
import dev.templatestudio.bridge.embedded.bench.BusyboxImage;
import dev.templatestudio.bridge.embedded.layer.HostTools;
import dev.templatestudio.bridge.io.DiskUsage;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.embedded.store.StoreGate;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Disk on the command line: {@code serve --max-build-disk-mb} refusing a decompression bomb,
 * {@code TEMPLATE_STUDIO_MAX_BUILD_DISK_MB} bounding a local build, and {@code prune}.
 */
@Timeout(300)
class DiskCliTest {
  private static final Pattern SERVING = Pattern.compile(
      "template-studio: serving (http://127\\.0\\.0\\.1:\\d+) \\(store .*; token in (.*)\\)");
  @TempDir Path tmp;
  Path store;

  @BeforeEach
  void seed() throws Exception {
    assumeTrue(BusyboxImage.available(), "busybox-static is not installed");
    assumeTrue(HostTools.isRoot(), "the sandbox tests run as root");
    store = tmp.resolve("store");
    BusyboxImage.seed(Store.open(store), tmp);
  }

  private static ProcessBuilder cli(String... args) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.templatestudio.app.Launcher"));
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }

  /** The names of the store's unpacked layers, sorted. */
  private List<String> layers() throws Exception {
    try (Stream<Path> list = Files.list(store.resolve("layers"))) {
      // The store's format marker (.user-xattr-opaque) is no layer.
      return list.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
    }
  }

  private Path template(String name, String json) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(name));
    return Files.writeString(dir.resolve(name + ".template.json"), json);
  }

  @Test
  void serveUnderAMaxBuildDiskOf1024RefusesAContextWhoseLayerExpandsPastItAndStaysUnderIt() throws Exception {
    Path file = template("bomb", """
        {"schema": "template-studio/v1", "base": {"image": "rootfs:bomb.tar.gz"},
         "steps": [{"type": "run", "command": "true"}]}
        """);
    DiskBombs.layerTarGz(file.resolveSibling("bomb.tar.gz"), 1100);
    assertThat(Files.size(file.resolveSibling("bomb.tar.gz"))).isLessThan(4L << 20);
    List<String> before = layers();
    Process serve = cli("serve", "--port", "0", "--store", store.toString(), "--max-build-disk-mb", "1024").start();
    try (BufferedReader err = new BufferedReader(new InputStreamReader(serve.getErrorStream(), StandardCharsets.UTF_8))) {
      Matcher m = SERVING.matcher(String.valueOf(err.readLine()));
      assertThat(m.matches()).isTrue();
      assertThat(err.readLine()).startsWith("template-studio: each build may add at most 1024 MB to the store "
          + "(--max-build-disk-mb); past ").endsWith(" MB it is pruned (--keep-storage-mb)");

      CliRunner build = CliRunner.run("build", file.toString(), "--runtime", m.group(1), "--token-file", m.group(2));

      assertThat(build.exitCode()).isEqualTo(1);
      assertThat(build.err()).isEqualTo("template-studio: the build on " + m.group(1) + " failed: step 0 wrote more "
          + "than the build's 1024 MB of disk importing the base image (set by serve --max-build-disk-mb)\n");
      assertThat(DiskUsage.of(store)).as("the store").isLessThan(1024L << 20);
      assertThat(layers()).isEqualTo(before);
      try (Stream<Path> work = Files.list(store.resolve("work"))) {
        assertThat(work).isEmpty();
      }
    } finally {
      serve.destroy();
      serve.waitFor(20, TimeUnit.SECONDS);
    }
  }

  @Test
  void theEnvironmentBoundsALocalBuildAndABadValueIsOneSentence() throws Exception {
    Path file = template("fill", """
        {"schema": "template-studio/v1", "base": {"template": "busybox"},
         "steps": [{"type": "run", "command": "dd if=/dev/zero of=/big bs=1M count=100"}]}
        """);
    ProcessBuilder pb = cli("build", file.toString(), "--store", store.toString());
    pb.environment().put("TEMPLATE_STUDIO_MAX_BUILD_DISK_MB", "16");
    Process build = pb.start();
    String out = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(build.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(build.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(build.exitValue()).as(out + err).isEqualTo(1);
    assertThat(err).isEqualTo("template-studio: the build failed: step 1 wrote more than the build's 16 MB of disk "
        + "(set by TEMPLATE_STUDIO_MAX_BUILD_DISK_MB)\n");

    pb.environment().put("TEMPLATE_STUDIO_MAX_BUILD_DISK_MB", "lots");
    Process bad = pb.start();
    String badErr = new String(bad.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(bad.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(bad.exitValue()).isEqualTo(1);
    assertThat(badErr).isEqualTo("template-studio: TEMPLATE_STUDIO_MAX_BUILD_DISK_MB=lots is not a size: give whole MB, "
        + "such as 10240, or 0 for no bound\n");
  }

  @Test
  void pruneSaysWhatItWouldFreeFreesItAndKeepsTemplatesUnlessAll() throws Exception {
    for (String v : List.of("one", "two")) {
      Path file = template("web", """
          {"schema": "template-studio/v1", "base": {"template": "busybox"}, "name": "web",
           "steps": [{"type": "run", "command": "dd if=/dev/urandom of=/d bs=1M count=2; echo %s"}]}
          """.formatted(v));
      CliRunner built = CliRunner.run("build", file.toString(), "--store", store.toString());
      assertThat(built.exitCode()).as(built.err()).isZero();
    }
    List<String> before = layers();

    CliRunner dry = CliRunner.run("prune", "--dry-run", "--store", store.toString());
    assertThat(dry.exitCode()).as(dry.err()).isZero();
    assertThat(layers()).isEqualTo(before);
    List<String> lines = dry.out().lines().toList();
    assertThat(lines).anyMatch(l -> l.matches("would remove 1 build cache entry \\(.*\\)"))
        .anyMatch(l -> l.matches("would remove 1 unpacked layer \\(2\\.0 MB\\)"));
    assertThat(lines.get(lines.size() - 1)).matches("would free [\\d.]+ MB; the store would be [\\d.]+ MB \\(now [\\d.]+ MB\\)");

    CliRunner pruned = CliRunner.run("prune", "--store", store.toString());
    assertThat(pruned.exitCode()).as(pruned.err()).isZero();
    List<String> done = pruned.out().lines().toList();
    assertThat(done.subList(0, done.size() - 1)).as("what prune says it removed is what the dry run said")
        .isEqualTo(lines.subList(0, lines.size() - 1).stream().map(l -> l.replace("would remove", "removed")).toList());
    assertThat(pruned.out().lines().reduce((a, b) -> b).orElseThrow())
        .matches("freed [\\d.]+ MB; the store is now [\\d.]+ MB \\(was [\\d.]+ MB\\)");
    assertThat(layers()).hasSize(before.size() - 1);

    CliRunner again = CliRunner.run("prune", "--store", store.toString());
    assertThat(again.out()).matches("nothing to prune: the store is [\\d.]+ MB\n");
    CliRunner kept = CliRunner.run("prune", "--keep-storage", "100000", "--store", store.toString());
    assertThat(kept.out()).matches("nothing to prune: the store is [\\d.]+ MB, within --keep-storage 100000 MB\n");

    CliRunner all = CliRunner.run("prune", "--all", "--store", store.toString());
    assertThat(all.exitCode()).as(all.err()).isZero();
    assertThat(all.out()).containsPattern("removed 2 templates \\(.*\\): (busybox, web|web, busybox)\n");
    assertThat(CliRunner.run("templates", "--store", store.toString()).out().lines().count()).isLessThanOrEqualTo(1);
    assertThat(layers()).isEmpty();
  }

  @Test
  void exportWaitsForAPruneSoThatThePruneCannotTakeWhatItReads() throws Exception {
    StoreGate.Hold prune = StoreGate.exclusive(store, () -> { });
    java.util.concurrent.CompletableFuture<CliRunner> export;
    try {
      export = java.util.concurrent.CompletableFuture.supplyAsync(() -> CliRunner.run("export", "busybox",
          "--rootfs-tar", tmp.resolve("busybox.tar").toString(), "--store", store.toString()));
      Thread.sleep(1000);
      assertThat(export).isNotDone();
    } finally {
      prune.close();
    }
    CliRunner done = export.get(60, TimeUnit.SECONDS);
    assertThat(done.exitCode()).as(done.err()).isZero();
    assertThat(done.err()).startsWith("template-studio: waiting for a prune of the store to finish\n");
    assertThat(tmp.resolve("busybox.tar")).isNotEmptyFile();
  }

  @Test
  void helpNamesTheContractsOptions() {
    assertThat(CliRunner.run("--help").out()).contains("prune");
    assertThat(CliRunner.run("prune", "--help").out()).contains("--keep-storage=MB", "--all", "--dry-run", "--store=DIR");
    assertThat(CliRunner.run("serve", "--help").out()).contains("--max-build-disk-mb=N", "--keep-storage-mb=N");
  }

  @Test
  void badSizesAreBadUsage() {
    CliRunner prune = CliRunner.run("prune", "--keep-storage", "-5", "--store", store.toString());
    assertThat(prune.exitCode()).isEqualTo(2);
    assertThat(prune.err()).isEqualTo("template-studio: --keep-storage -5: use 0 or more (MB)\n");
    CliRunner serve = CliRunner.run("serve", "--max-build-disk-mb", "-1", "--store", store.toString());
    assertThat(serve.exitCode()).isEqualTo(2);
    assertThat(serve.err()).isEqualTo("template-studio: --max-build-disk-mb -1: use 0 (no bound) or more\n");
  }
}
