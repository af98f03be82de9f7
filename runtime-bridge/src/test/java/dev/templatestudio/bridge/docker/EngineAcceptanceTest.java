package dev.templatestudio.bridge.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.BuildHandle;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.build.Runtime;
import dev.templatestudio.bridge.embedded.export.RootfsExporter;
import dev.templatestudio.bridge.runtimes.DockerExport;
import dev.templatestudio.bridge.runtimes.Runtimes;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.Resources;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Step;
import dev.templatestudio.bridge.template.Template;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine acceptance of issue 13 through {@code --runtime docker:…}, on the tests' private
 * dockerd and on Podman's API service: a template with a secret, a copy mode and a memory limit
 * builds, rebuilds from the cache with the same ref, names a changed file, masks the secret in
 * its log and keeps it out of the image's history, config and every layer of its export, runs
 * a command (its input passed on), exports as a rootfs tar (the copied file with its mode, the
 * step's file, not the secret; the work folder gone), and a failing step ends the build naming it. Prints the first build's and the
 * cached rebuild's wall time.
 */
class EngineAcceptanceTest {
  @TempDir Path tmp;

  @Test
  void aTemplateWithASecretACopyModeAndAMemoryLimitOnDocker() throws Exception {
    DockerEngineFixture.engine();
    accept("docker:" + DockerEngineFixture.HOST, DockerEngineFixture.BASE);
  }

  @Test
  void theSameOnPodmansApiService() throws Exception {
    try (PodmanEngine podman = PodmanEngine.start()) {
      accept(podman.runtime(), PodmanEngine.BASE);
    }
  }

  private static Template template(String base, String unique) {
    return Template.of(Base.image(base), List.<Step>of(
            new RunStep("echo fresh " + unique),
            new CopyStep(List.of("app/"), "/app/", null, "0600", false),
            new RunStep("echo token is $TOKEN; echo $TOKEN | rev > /rev.txt; "
                + "cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes")))
        .withName("accept-" + unique).withSecrets(List.of("TOKEN"))
        .withResources(new Resources(null, 256));
  }

  private void accept(String spec, String base) throws Exception {
    Path ctx = Files.createDirectories(tmp.resolve("ctx/app"));
    Files.writeString(ctx.resolve("main.txt"), "v1\n");
    String unique = UUID.randomUUID().toString().substring(0, 8);
    String secret = "s3cr3t-" + UUID.randomUUID();
    Template t = template(base, unique);
    try (Runtime rt = Runtimes.open(spec, tmp.resolve("store"))) {
      long t0 = System.nanoTime();
      BuildHandle first = build(rt, t, ctx.getParent(), secret);
      long firstMs = (System.nanoTime() - t0) / 1_000_000;
      List<BuildEvent> events = first.events().after(0);
      assertThat(events.toString()).doesNotContain(secret);
      assertThat(logs(events)).contains("token is ***", String.valueOf(256L * 1024 * 1024));
      String ref = first.result().get().ref();

      t0 = System.nanoTime();
      BuildHandle again = build(rt, t, ctx.getParent(), secret);
      long cachedMs = (System.nanoTime() - t0) / 1_000_000;
      assertThat(again.result().get().ref()).isEqualTo(ref);
      assertThat(outcomes(again)).containsOnly("hit").hasSize(4);
      System.out.printf("%s: first build %d ms, cached rebuild %d ms%n", spec, firstMs, cachedMs);

      DockerApi api = DockerApi.connect(DockerHost.parse(spec.substring("docker:".length())));
      String image = ref.substring(ref.indexOf('@') + 1);
      assertThat(api.http().json("GET", "/images/" + image + "/history", null).toString()).doesNotContain(secret);
      assertThat(api.image(image).orElseThrow().toString()).doesNotContain(secret);
      assertThat(exportHolds(api, image, secret)).as("an exported layer holds the secret").isFalse();
      assertThat(exportHolds(api, image, new StringBuilder(secret).reverse().toString()))
          .as("the step's file is in the export").isTrue();
      assertExports(spec, ref, secret);

      List<String> out = new CopyOnWriteArrayList<>();
      assertThat(rt.run(ref, List.of("/bin/sh", "-c", "stat -c '%a %n' /app/main.txt; cat /app/main.txt"),
          (s, l) -> out.add(l))).isZero();
      assertThat(out).containsExactly("600 /app/main.txt", "v1");
      assertInputRoundTrips(rt, ref);

      Files.writeString(ctx.resolve("main.txt"), "v2\n");
      assertThat(outcomes(build(rt, t, ctx.getParent(), secret))).containsExactly("hit", "hit",
          "input files changed: app/main.txt", "parent step 2 changed");

      Template failing = t.withSteps(List.of(new RunStep("echo about to fail " + unique + "; exit 3")));
      BuildEvent end = rt.build(new BuildRequest(failing, ctx.getParent(), null, null, false, Map.of("TOKEN", secret)))
          .result().get(180, TimeUnit.SECONDS);
      assertThat(end.status()).isEqualTo(BuildEvent.STATUS_ERROR);
      assertThat(end.message()).startsWith("step 1 (RUN echo about to fail " + unique + "; exit 3) failed with exit "
          + "code 3").contains("about to fail");
    }
  }

  /** {@code export --runtime docker}'s path: the engine's save written as a rootfs tar, its work folder deleted. */
  private void assertExports(String spec, String ref, String secret) throws Exception {
    Path work = tmp.resolve("export-work");
    Path tar = tmp.resolve("rootfs.tar");
    try (DockerExport saved = DockerExport.of(spec, ref, work)) {
      assertThat(saved.ref()).isEqualTo(ref);
      RootfsExporter.exportTar(saved.blobs(), saved.manifestDigest(), tar);
    }
    try (var left = Files.list(work)) {
      assertThat(left).as("the export's work folder").isEmpty();
    }
    Map<String, String> files = new java.util.HashMap<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
      for (TarArchiveEntry e = in.getNextTarEntry(); e != null; e = in.getNextTarEntry()) {
        String body = e.isFile() ? new String(in.readAllBytes(), StandardCharsets.UTF_8) : "";
        assertThat(body).as(e.getName()).doesNotContain(secret);
        files.put(e.getName(), e.isFile() ? Integer.toOctalString(e.getMode() & 07777) + " " + body : "");
      }
    }
    assertThat(files).containsEntry("app/main.txt", "600 v1\n")
        .containsEntry("rev.txt", "644 " + new StringBuilder(secret).reverse() + "\n");
  }

  /**
   * 2 MiB of input echoed back by {@code cat}: more than the socket's and the pipe's buffers
   * hold, so the input has to be written while the output is read, and its end has to reach
   * the command for {@code cat} to end.
   */
  private static void assertInputRoundTrips(Runtime rt, String ref) {
    StringBuilder input = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      input.append(String.format("%06d %s%n", i, "x".repeat(96)));
    }
    List<String> echoed = new CopyOnWriteArrayList<>();
    int code = assertTimeoutPreemptively(Duration.ofSeconds(120), () -> rt.run(ref,
        List.of("/bin/sh", "-c", "cat; echo end"), new ByteArrayInputStream(input.toString().getBytes(StandardCharsets.UTF_8)),
        (s, l) -> echoed.add(l)));
    assertThat(code).isZero();
    assertThat(echoed).hasSize(20_001).startsWith("000000 " + "x".repeat(96)).endsWith("019999 " + "x".repeat(96), "end");
  }

  private static BuildHandle build(Runtime rt, Template t, Path ctx, String secret) throws Exception {
    BuildHandle h = rt.build(new BuildRequest(t, ctx, null, null, false, Map.of("TOKEN", secret)));
    BuildEvent end = h.result().get(180, TimeUnit.SECONDS);
    assertThat(end.status()).as("%s", end.message()).isEqualTo(BuildEvent.STATUS_READY);
    return h;
  }

  private static List<String> logs(List<BuildEvent> events) {
    return events.stream().filter(e -> BuildEvent.LOG.equals(e.kind())).map(BuildEvent::message).toList();
  }

  private static List<String> outcomes(BuildHandle h) {
    return h.events().after(0).stream().filter(e -> e.kind().startsWith("cache-"))
        .map(e -> BuildEvent.CACHE_HIT.equals(e.kind()) ? "hit" : e.reason()).toList();
  }

  /** Whether any file of any layer of the image's export ({@code docker save}) holds {@code text}. */
  private static boolean exportHolds(DockerApi api, String image, String text) throws Exception {
    try (DockerHttp.Response r = api.http().send("GET", "/images/" + image + "/get", null, -1, null).checked();
         TarArchiveInputStream save = new TarArchiveInputStream(r.body)) {
      for (TarArchiveEntry e = save.getNextTarEntry(); e != null; e = save.getNextTarEntry()) {
        byte[] bytes = save.readAllBytes();
        if (holds(bytes, text) || (e.getName().endsWith(".tar") || e.getName().endsWith("layer.tar"))
            && layerHolds(bytes, text)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean layerHolds(byte[] layer, String text) throws Exception {
    InputStream in = new java.io.ByteArrayInputStream(layer);
    if (layer.length > 1 && (layer[0] & 0xff) == 0x1f && (layer[1] & 0xff) == 0x8b) {
      in = new GZIPInputStream(in);
    }
    try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      for (TarArchiveEntry e = tar.getNextTarEntry(); e != null; e = tar.getNextTarEntry()) {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        tar.transferTo(file);
        if (holds(file.toByteArray(), text)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean holds(byte[] bytes, String text) {
    return new String(bytes, StandardCharsets.ISO_8859_1).contains(text);
  }
}
