package dev.templatestudio.bridge.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.BuildHandle;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Step;
import dev.templatestudio.bridge.template.Template;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A docker step's output reads as the embedded runtime's: lines cut at 16 KiB with " …" (so
 * output without breaks is bounded), \r ending a line; and the engine's frames are read a piece
 * at a time, a character split between two frames kept whole.
 */
class DockerStepOutputTest {
  @TempDir Path tmp;

  @Test
  void aStepsLongLineIsCutAsOnEmbedded() throws Exception {
    Template t = Template.of(Base.image(DockerEngineFixture.BASE), List.<Step>of(new RunStep("echo "
        + System.nanoTime() + "; head -c 3000000 /dev/zero | tr '\\0' x; printf '\\nafter\\rcr\\n'")))
        .withName("docker-long-line");
    try (DockerRuntime rt = DockerRuntime.open(DockerEngineFixture.engine(), tmp.resolve("store"))) {
      BuildHandle h = rt.build(BuildRequest.of(t, Files.createDirectories(tmp.resolve("ctx"))));
      BuildEvent end = h.result().get(180, TimeUnit.SECONDS);
      assertThat(end.status()).as(end.message()).isEqualTo(BuildEvent.STATUS_READY);
      List<String> logs = h.events().after(0).stream().filter(e -> BuildEvent.LOG.equals(e.kind()) && e.step() == 1)
          .map(BuildEvent::message).toList();
      assertThat(logs).hasSize(4);
      assertThat(logs.get(1)).hasSize(16 * 1024 + 2).endsWith("x …");
      assertThat(logs.subList(2, 4)).containsExactly("after", "cr");
    }
  }

  @Test
  void framesAreDecodedAcrossTheirEnds() throws Exception {
    byte[] text = "añb\n".getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    // "ñ" is two bytes: the first frame ends between them.
    frame(raw, 1, text, 0, 2);
    frame(raw, 2, "e\n".getBytes(StandardCharsets.UTF_8), 0, 2);
    frame(raw, 1, text, 2, text.length - 2);
    List<String> out = new ArrayList<>();
    DockerApi.demux(new ByteArrayInputStream(raw.toByteArray()), (s, chunk) -> out.add(s + ":" + chunk));
    assertThat(String.join("", out.stream().filter(c -> c.startsWith("stdout:")).map(c -> c.substring(7)).toList()))
        .isEqualTo("añb\n");
    assertThat(out).contains("stderr:e\n");
  }

  private static void frame(ByteArrayOutputStream raw, int stream, byte[] bytes, int from, int length) {
    raw.write(stream);
    raw.write(0);
    raw.write(0);
    raw.write(0);
    raw.write(length >>> 24);
    raw.write(length >>> 16);
    raw.write(length >>> 8);
    raw.write(length);
    raw.write(bytes, from, length);
  }
}
