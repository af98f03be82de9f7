package dev.templatestudio.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.templatestudio.bridge.embedded.bench.BusyboxImage;
import dev.templatestudio.bridge.embedded.image.LoopbackRegistry;
import dev.templatestudio.bridge.embedded.layer.HostRequirements;
import dev.templatestudio.bridge.embedded.layer.HostTools;
import dev.templatestudio.bridge.embedded.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code build --cache-to/--cache-from registry:REF}: two stores (two machines) with their build
 * contexts at other paths share a cache through a real docker-registry on loopback.
 */
@Timeout(300)
class RegistryCacheCliTest {
  private static final Pattern EVENT = Pattern.compile("\"kind\":\"(cache-hit|cache-miss)\",\"step\":(\\d+),"
      + "\"cacheKey\":\"(sha256:[0-9a-f]{64})\"(?:,\"reason\":\"([^\"]*)\")?");
  @TempDir Path tmp;

  @Test
  void theSecondMachinesFirstBuildIsCachedAndAChangeMissesForTheSameReasonOnBoth() throws Exception {
    assumeTrue(BusyboxImage.available(), "busybox-static is not installed");
    assumeTrue(HostTools.isRoot(), "the sandbox tests run as root");
    Path one = context("one/app", FileTime.fromMillis(1_000_000_000_000L));
    Path two = context("two/else/where", FileTime.fromMillis(1_700_000_000_000L));
    Path storeOne = tmp.resolve("store-one");
    Path storeTwo = tmp.resolve("store-two");
    BusyboxImage.seed(Store.open(storeOne), tmp.resolve("seed-one"));
    BusyboxImage.seed(Store.open(storeTwo), tmp.resolve("seed-two"));
    try (LoopbackRegistry registry = LoopbackRegistry.start(tmp.resolve("storage"), tmp)) {
      String cache = "registry:" + registry.host() + "/cache/portable:main";

      CliRunner first = build(one, storeOne, "--cache-to", cache);
      // Two step layers, the base's manifest, config and layer, and the cache config.
      assertThat(first.err()).contains("--cache-to: 3 steps kept at " + registry.host() + "/cache/portable:main"
          + " (6 blobs uploaded, 0 already there)");
      CliRunner second = build(two, storeTwo, "--cache-from", cache, "--cache-to", cache);
      assertThat(second.err()).contains("--cache-from: 3 cache entries and 2 layers from " + registry.host()
          + "/cache/portable:main (1 base layers unpacked)");
      List<String[]> secondEvents = events(second.out());
      assertThat(secondEvents).hasSize(3);
      // Fully cached, the base (step 0) too: its layers came with the cache and were unpacked.
      assertThat(secondEvents).allMatch(e -> e[0].equals("cache-hit"), "every step a cache hit");
      assertThat(second.out()).doesNotContain("\"kind\":\"cache-miss\"");
      assertThat(keys(secondEvents)).isEqualTo(keys(events(first.out())));

      Files.writeString(one.resolve("app/main.sh"), "echo changed\n");
      Files.writeString(two.resolve("app/main.sh"), "echo changed\n");
      List<String[]> changedOne = events(build(one, storeOne).out());
      List<String[]> changedTwo = events(build(two, storeTwo).out());
      assertThat(reasons(changedOne)).isEqualTo(reasons(changedTwo)).anyMatch(r -> r.startsWith("1 "));

      HostRequirements.run(HostRequirements.requireTool("skopeo", "skopeo"), "--insecure-policy", "copy",
          "--dest-tls-verify=false", "oci:" + exportBusybox(storeOne) + ":latest",
          "docker://" + registry.host() + "/other/image:1");
      CliRunner foreign = build(two, storeTwo, "--cache-from", "registry:" + registry.host() + "/other/image:1");
      assertThat(foreign.err()).contains("template-studio: warning: --cache-from: " + registry.host()
          + "/other/image:1 is not a Template Studio cache (its config is application/vnd.oci.image.config.v1+json); ignored");

      CliRunner bad = CliRunner.run("build", one.resolve("t.template.json").toString(), "--store", storeOne.toString(),
          "--cache-to", "docker.io/x");
      assertThat(bad.exitCode()).isEqualTo(2);
      assertThat(bad.err()).contains("--cache-to docker.io/x: give registry:REF");
    }
  }

  @Test
  void aTamperedLayerInTheCacheIsRefusedAndNothingIsAdoptedOrUnpacked() throws Exception {
    assumeTrue(BusyboxImage.available(), "busybox-static is not installed");
    assumeTrue(HostTools.isRoot(), "the sandbox tests run as root");
    Path one = context("one/app", FileTime.fromMillis(1_000_000_000_000L));
    Path storeOne = tmp.resolve("store-one");
    Path storeTwo = tmp.resolve("store-two");
    BusyboxImage.seed(Store.open(storeOne), tmp.resolve("seed-one"));
    BusyboxImage.seed(Store.open(storeTwo), tmp.resolve("seed-two"));
    try (LoopbackRegistry registry = LoopbackRegistry.start(tmp.resolve("storage"), tmp)) {
      String cache = "registry:" + registry.host() + "/cache/tampered:main";
      List<String[]> first = events(build(one, storeOne, "--cache-to", cache).out());
      String copyLayer = Store.open(storeOne).cache().get(first.get(1)[2]).orElseThrow().diffId();
      Path data = tmp.resolve("storage/docker/registry/v2/blobs/sha256/" + copyLayer.substring(7, 9) + "/"
          + copyLayer.substring(7) + "/data");
      byte[] bytes = Files.readAllBytes(data);
      bytes[bytes.length / 2] ^= 1;
      Files.write(data, bytes);

      CliRunner refused = CliRunner.run("build", one.resolve("t.template.json").toString(), "--store",
          storeTwo.toString(), "--cache-from", cache);
      assertThat(refused.exitCode()).isEqualTo(1);
      assertThat(refused.err()).startsWith("template-studio: --cache-from " + cache + ": ").contains(copyLayer)
          .doesNotContain("\tat ");
      Store two = Store.open(storeTwo);
      for (String[] e : first) {
        assertThat(two.cache().get(e[2])).as("the cache entry of step " + e[1]).isEmpty();
      }
      assertThat(two.blobs().has(copyLayer)).isFalse();
      assertThat(two.layers().diffIds()).as("unpacked layers").isEmpty();
    }
  }

  @Test
  void twoServesSharingARegistryCacheServeTheSecondServersFirstBuildFullyCached() throws Exception {
    assumeTrue(BusyboxImage.available(), "busybox-static is not installed");
    assumeTrue(HostTools.isRoot(), "the sandbox tests run as root");
    Path context = context("client/app", FileTime.fromMillis(1_000_000_000_000L));
    Path storeOne = tmp.resolve("serve-one");
    Path storeTwo = tmp.resolve("serve-two");
    BusyboxImage.seed(Store.open(storeOne), tmp.resolve("seed-one"));
    BusyboxImage.seed(Store.open(storeTwo), tmp.resolve("seed-two"));
    try (LoopbackRegistry registry = LoopbackRegistry.start(tmp.resolve("storage"), tmp)) {
      String cache = "registry:" + registry.host() + "/cache/served:main";
      Process one = serve(storeOne, tmp.resolve("one.log"), "--cache-to", cache);
      Process two = null;
      try {
        List<String[]> first = events(remoteBuild(context, remote(tmp.resolve("one.log"))).out());
        assertThat(first).hasSize(3).anyMatch(e -> e[0].equals("cache-miss"));
        // The cache is written before the client sees the build end.
        assertThat(Files.readString(tmp.resolve("one.log")))
            .contains("--cache-to: 3 steps of portable kept at " + registry.host() + "/cache/served:main");

        two = serve(storeTwo, tmp.resolve("two.log"), "--cache-from", cache, "--cache-to", cache);
        List<String[]> second = events(remoteBuild(context, remote(tmp.resolve("two.log"))).out());
        assertThat(second).hasSize(3).allMatch(e -> e[0].equals("cache-hit"), "every step a cache hit");
        assertThat(keys(second)).isEqualTo(keys(first));
        assertThat(Files.readString(tmp.resolve("two.log")))
            .contains("--cache-from: 3 cache entries and 2 layers from " + registry.host()
                + "/cache/served:main for portable (1 base layers unpacked)");
      } finally {
        stop(one);
        stop(two);
      }
    }
  }

  private static CliRunner remoteBuild(Path context, String... remote) {
    List<String> args = new java.util.ArrayList<>(List.of("build", context.resolve("t.template.json").toString(),
        "--progress", "jsonl"));
    args.addAll(List.of(remote));
    CliRunner r = CliRunner.run(args.toArray(new String[0]));
    assertThat(r.exitCode()).as(r.err()).isZero();
    return r;
  }

  private static Process serve(Path store, Path log, String... more) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
        "dev.templatestudio.app.Launcher", "serve", "--port", "0", "--store", store.toString()));
    command.addAll(List.of(more));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private static void stop(Process serve) throws InterruptedException {
    if (serve == null) {
      return;
    }
    serve.destroy();
    if (!serve.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
      serve.destroyForcibly().waitFor();
    }
  }

  /** The client's --runtime and --token-file for the serve logging to {@code log}, once it listens. */
  private static String[] remote(Path log) throws Exception {
    Pattern serving = Pattern.compile("template-studio: serving (http://127\\.0\\.0\\.1:\\d+) \\(store .*; token in (.*)\\)");
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      java.util.regex.Matcher m = serving.matcher(Files.readString(log));
      if (m.find()) {
        return new String[] {"--runtime", m.group(1), "--token-file", m.group(2)};
      }
      Thread.sleep(100);
    }
    throw new AssertionError("serve did not start: " + Files.readString(log));
  }

  private Path exportBusybox(Path store) {
    Path layout = tmp.resolve("busybox-layout");
    CliRunner r = CliRunner.run("export", "busybox", "--oci", layout.toString(), "--store", store.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    return layout;
  }

  private Path context(String where, FileTime time) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(where));
    Files.createDirectories(dir.resolve("app"));
    Files.writeString(dir.resolve("app/main.sh"), "echo hello\n");
    Files.setLastModifiedTime(dir.resolve("app/main.sh"), time);
    Files.writeString(dir.resolve("t.template.json"), """
        {"schema": "template-studio/v1", "name": "portable", "base": {"template": "busybox"},
         "steps": [{"type": "copy", "sources": ["app/"], "dest": "/app"},
                   {"type": "run", "command": "sh /app/main.sh > /out"}]}
        """);
    return dir;
  }

  private static CliRunner build(Path context, Path store, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("build", context.resolve("t.template.json").toString(),
        "--store", store.toString(), "--progress", "jsonl"));
    args.addAll(List.of(more));
    CliRunner r = CliRunner.run(args.toArray(new String[0]));
    assertThat(r.exitCode()).as(r.err()).isZero();
    return r;
  }

  /** [kind, step, key, reason] of each cache event. */
  private static List<String[]> events(String out) {
    return EVENT.matcher(out).results().map(m -> new String[] {m.group(1), m.group(2), m.group(3), m.group(4)}).toList();
  }

  private static List<String> keys(List<String[]> events) {
    return events.stream().map(e -> e[1] + " " + e[2]).toList();
  }

  private static List<String> reasons(List<String[]> events) {
    return events.stream().filter(e -> e[3] != null).map(e -> e[1] + " " + e[3]).toList();
  }
}
