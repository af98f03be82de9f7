package dev.templatestudio.bridge.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.BuildHandle;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.build.Runtime;
import dev.templatestudio.bridge.dockerfile.DockerfileRenderer;
import dev.templatestudio.bridge.embedded.BusyboxFixture;
import dev.templatestudio.bridge.runtimes.Runtimes;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Stage;
import dev.templatestudio.bridge.template.Step;
import dev.templatestudio.bridge.template.Template;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A multi-stage template gives the same files on the embedded runtime as its rendered
 * Dockerfile built by Docker's own (legacy) builder on the real engine of
 * {@link DockerEngineFixture}: stages, a stage based on a stage, COPY --from of a folder with a
 * link and of one file, a final stage based on a stage, and SHELL.
 */
class StagesParityTest {
  /** What the image holds where the stages put files: paths, types, modes, owners and contents. */
  private static final String LIST = "cd /app && find . | sort | while read f; do "
      + "if [ -L \"$f\" ]; then echo \"$f -> $(readlink \"$f\")\"; "
      + "elif [ -d \"$f\" ]; then echo \"$f/ $(stat -c '%a %u:%g' \"$f\")\"; "
      + "else echo \"$f $(stat -c '%a %u:%g' \"$f\") $(cat \"$f\")\"; fi; done";

  @TempDir Path tmp;

  private static Template staged(Base image) {
    return Template.of(Base.stage("assemble"), List.<Step>of(
            new CopyStep(List.of("/etc/app.conf"), "/app/conf/", null, null, Base.stage("cfg"), false),
            new RunStep("test -f /app/conf/app.conf; set -o | grep -q errexit && echo e > /app/shell.txt")))
        .withName("parity-stages").withShell(List.of("/bin/sh", "-ec"))
        .withStages(List.of(
            new Stage("build", image, List.<Step>of(new RunStep("mkdir -p /out/sub && echo built > /out/app.txt "
                + "&& echo deep > /out/sub/deep.txt && chmod 750 /out/sub && ln -s app.txt /out/link"))),
            new Stage("more", Base.stage("build"), List.<Step>of(new RunStep("echo more >> /out/app.txt"))),
            new Stage("cfg", image, List.<Step>of(new RunStep("echo conf > /etc/app.conf"))),
            new Stage("assemble", image, List.<Step>of(
                new CopyStep(List.of("/out"), "/app", null, null, Base.stage("more"), false)))));
  }

  @Test
  void aMultiStageTemplateGivesTheSameFilesAsDockerBuild() throws Exception {
    BusyboxFixture.require();
    Path rootfs = BusyboxFixture.rootfs(tmp.resolve("rootfs"));
    Path ctx = Files.createDirectories(tmp.resolve("ctx"));
    List<String> embedded = new CopyOnWriteArrayList<>();
    try (Runtime rt = Runtimes.open("embedded", tmp.resolve("embedded-store"))) {
      BuildHandle h = rt.build(BuildRequest.of(staged(Base.image("rootfs:" + rootfs)), ctx));
      BuildEvent end = h.result().get(180, TimeUnit.SECONDS);
      assertThat(end.status()).as("%s", end.message()).isEqualTo(BuildEvent.STATUS_READY);
      assertThat(rt.run(end.ref(), List.of("/bin/sh", "-c", LIST), (s, l) -> embedded.add(l))).isZero();
    }
    assertThat(embedded).containsExactly(
        "./ 755 0:0", "./app.txt 644 0:0 built", "more", "./conf/ 755 0:0", "./conf/app.conf 644 0:0 conf",
        "./link -> app.txt", "./shell.txt 644 0:0 e", "./sub/ 750 0:0", "./sub/deep.txt 644 0:0 deep");
    assertThat(docker(staged(Base.image(DockerEngineFixture.BASE)))).isEqualTo(embedded);
  }

  /** Builds the template's rendered Dockerfile with the engine's builder and lists its files. */
  private List<String> docker(Template template) throws Exception {
    DockerApi api = DockerApi.connect(DockerEngineFixture.engine());
    Path tar = tmp.resolve("context.tar");
    ContextTar.write(tar, DockerfileRenderer.render(template), List.of());
    String imageId = null;
    StringBuilder said = new StringBuilder();
    try (DockerHttp.Response r = api.build(tar, "dockerfile=" + DockerApi.q(ContextTar.DOCKERFILE)
        + "&rm=1&forcerm=1&nocache=1")) {
      MappingIterator<JsonNode> messages = DockerHttp.JSON.readerFor(JsonNode.class).readValues(r.body);
      while (messages.hasNextValue()) {
        JsonNode m = messages.nextValue();
        said.append(m.path("stream").asText()).append(m.path("error").asText());
        if (m.path("aux").has("ID")) {
          imageId = m.path("aux").path("ID").asText();
        }
      }
    }
    assertThat(imageId).as("docker build: %s", said).isNotNull();
    ObjectNode config = DockerHttp.JSON.createObjectNode();
    config.put("Image", imageId);
    config.putArray("Cmd").add("/bin/sh").add("-c").add(LIST);
    String container = api.createContainer(config);
    try {
      api.startContainer(container);
      long deadline = System.currentTimeMillis() + 60_000;
      while (api.inspectContainer(container).path("State").path("Running").asBoolean()
          && System.currentTimeMillis() < deadline) {
        Thread.sleep(100);
      }
      assertThat(api.inspectContainer(container).path("State").path("ExitCode").asInt()).isZero();
      return new ArrayList<>(Arrays.asList(api.logs(container, 1000).strip().split("\n")));
    } finally {
      api.removeContainer(container);
      api.http().json("DELETE", "/images/" + DockerApi.q(imageId) + "?force=1", null);
    }
  }
}
