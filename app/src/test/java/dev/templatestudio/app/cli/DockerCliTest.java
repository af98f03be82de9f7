package dev.templatestudio.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.templatestudio.bridge.docker.DockerEngineFixture;
import dev.templatestudio.bridge.embedded.image.ImageSources;
import dev.templatestudio.bridge.embedded.image.PullProgress;
import dev.templatestudio.bridge.embedded.image.ResolvedImage;
import dev.templatestudio.bridge.embedded.store.BlobStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code build}, {@code templates} and {@code export} with {@code --runtime docker} end to end, on a real dockerd. */
class DockerCliTest {
  @TempDir Path tmp;
  Path file;
  String runtime;

  record Result(int code, String out, String err) {
    List<String> lines() {
      return out.lines().toList();
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    runtime = "docker:" + DockerEngineFixture.engine().url();
    Path ctx = Files.createDirectories(tmp.resolve("web"));
    Files.writeString(ctx.resolve("hello.txt"), "hello\n");
    file = ctx.resolve("web.template.json");
    write("cat /srv/hello.txt # " + UUID.randomUUID());
  }

  private void write(String command) throws Exception {
    Files.writeString(file, """
        {"schema": "template-studio/v1", "base": {"image": "%s"},
         "steps": [
           {"type": "copy", "sources": ["hello.txt"], "dest": "/srv/"},
           {"type": "run", "command": "%s"}
         ]}
        """.formatted(DockerEngineFixture.BASE, command));
  }

  private Result cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = TemplateStudioCommand.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void buildsOnDockerThenFromItsCacheAndListsTheTemplate() throws Exception {
    String store = tmp.resolve("store").toString();
    Result first = cli("build", file.toString(), "--runtime", runtime, "--store", store, "--tag", "v1");
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.lines()).contains("#0 [0/2] FROM " + DockerEngineFixture.BASE, "#0 CACHED", "#2 hello");
    String ref = first.lines().get(first.lines().size() - 1);
    assertThat(ref).matches("web@sha256:[0-9a-f]{64}");

    Result second = cli("build", file.toString(), "--runtime", runtime, "--store", store, "--tag", "v1",
        "--progress", "jsonl");
    assertThat(second.code()).as(second.err()).isZero();
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> events = new ArrayList<>();
    for (String line : second.lines()) {
      events.add(json.readTree(line));
    }
    for (int i = 0; i < events.size(); i++) {
      assertThat(events.get(i).get("seq").asLong()).isEqualTo(i + 1);
    }
    assertThat(events).filteredOn(e -> e.get("kind").asText().equals("cache-hit")).hasSize(3);
    JsonNode end = events.get(events.size() - 1);
    assertThat(end.get("status").asText()).isEqualTo("ready");
    assertThat(end.get("ref").asText()).isEqualTo(ref);

    Result templates = cli("templates", "--runtime", runtime, "--store", store);
    assertThat(templates.code()).as(templates.err()).isZero();
    assertThat(templates.out()).contains("web", "v1", ref);
  }

  /**
   * A docker-built template exported as an OCI layout (read back as an {@code oci-layout:} base,
   * every blob checked, its config the engine's image) and as a rootfs tar holding the copied file.
   */
  @Test
  void exportsADockerBuiltTemplateAsAnOciLayoutAndARootfsTar() throws Exception {
    Path store = tmp.resolve("store");
    Result built = cli("build", file.toString(), "--runtime", runtime, "--store", store.toString(), "--tag", "v1");
    assertThat(built.code()).as(built.err()).isZero();
    String ref = built.lines().get(built.lines().size() - 1);

    Path layout = tmp.resolve("oci");
    Result oci = cli("export", "web:v1", "--oci", layout.toString(), "--runtime", runtime, "--store", store.toString());
    assertThat(oci.code()).as(oci.err()).isZero();
    assertThat(oci.out().strip()).isEqualTo("exported " + ref + " to OCI layout " + layout + " (oci:" + layout + ":v1)");
    ResolvedImage read = ImageSources.resolve("oci-layout:" + layout + ":v1",
        new BlobStore(tmp.resolve("check")), PullProgress.NONE);
    assertThat(read.manifest().config().digest()).as("the engine's image id").isEqualTo(ref.substring(ref.indexOf('@') + 1));
    assertThat(read.config().config().labels()).containsEntry("dev.templatestudio.template", "web");

    Path tar = tmp.resolve("web.tar");
    Result rootfs = cli("export", ref, "--rootfs-tar", tar.toString(), "--runtime", runtime, "--store", store.toString());
    assertThat(rootfs.code()).as(rootfs.err()).isZero();
    Map<String, String> files = new HashMap<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
      for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        files.put(e.getName(), e.isFile() ? new String(in.readAllBytes(), StandardCharsets.UTF_8) : "");
      }
    }
    assertThat(files).containsEntry("srv/hello.txt", "hello\n").containsKey("bin/busybox");
    Path notAFolder = Files.writeString(tmp.resolve("a-file"), "x");
    Result unwritable = cli("export", ref, "--rootfs-tar", notAFolder.resolve("web.tar").toString(), "--runtime",
        runtime, "--store", store.toString());
    assertThat(unwritable.code()).as(unwritable.err()).isEqualTo(1);

    Result missing = cli("export", "web:nope", "--oci", tmp.resolve("none").toString(), "--runtime", runtime,
        "--store", store.toString());
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err().strip()).isEqualTo("template-studio: template \"web:nope\" is not on the Docker Engine at "
        + runtime.substring("docker:".length()) + " (templates --runtime docker lists what is)");
    try (var left = Files.list(store.resolve("docker"))) {
      assertThat(left.map(p -> p.getFileName().toString())).as("the export's work folders, after a failed write too")
          .noneMatch(n -> n.startsWith("export-"));
    }
    Result remote = cli("export", "web:v1", "--oci", tmp.resolve("none").toString(), "--runtime", "http://127.0.0.1:9");
    assertThat(remote.code()).isEqualTo(1);
    assertThat(remote.err().strip()).startsWith("template-studio: export reads the embedded store or a Docker Engine;");
  }

  /** A build's cache-mount volume stays for the next build, and {@code prune --runtime docker} removes it. */
  @Test
  void pruneRemovesTheCacheVolumesNoContainerUses() throws Exception {
    String id = "cli-prune-" + UUID.randomUUID();
    Files.writeString(file, """
        {"schema": "template-studio/v1", "base": {"image": "%s"},
         "steps": [
           {"type": "run", "command": "echo kept > /c/f", "mounts": [{"type": "cache", "target": "/c", "id": "%s"}]}
         ]}
        """.formatted(DockerEngineFixture.BASE, id));
    String store = tmp.resolve("store").toString();
    Result built = cli("build", file.toString(), "--runtime", runtime, "--store", store);
    assertThat(built.code()).as(built.err()).isZero();
    String volume = "template-studio-cache-" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(id.getBytes(StandardCharsets.UTF_8))).substring(0, 24);

    Result dry = cli("prune", "--runtime", runtime, "--dry-run");
    assertThat(dry.code()).as(dry.err()).isZero();
    assertThat(dry.out()).startsWith("would remove ").contains(volume);
    Result pruned = cli("prune", "--runtime", runtime);
    assertThat(pruned.code()).as(pruned.err()).isZero();
    assertThat(pruned.out()).startsWith("removed ").contains(volume);
    assertThat(cli("prune", "--runtime", runtime, "--dry-run").out()).doesNotContain(volume);

    Result bad = cli("prune", "--runtime", runtime, "--keep-storage", "10");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err().strip()).isEqualTo("template-studio: --keep-storage and --all are the embedded store's; "
        + "prune --runtime docker removes the cache-mount volumes no container uses (docker image prune removes images)");
  }

  @Test
  void aFailedDockerBuildExitsOneWithASentence() throws Exception {
    write("echo oops; exit 2");
    Result r = cli("build", file.toString(), "--runtime", runtime, "--store", tmp.resolve("store").toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().strip()).isEqualTo("template-studio: the build failed: step 2 (RUN echo oops; exit 2) "
        + "failed with exit code 2: oops");
  }
}
