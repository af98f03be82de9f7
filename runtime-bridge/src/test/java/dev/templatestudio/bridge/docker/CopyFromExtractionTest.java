package dev.templatestudio.bridge.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.BuildHandle;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.plan.StepFailure;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Stage;
import dev.templatestudio.bridge.template.Step;
import dev.templatestudio.bridge.template.Template;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code copy --from} on the docker runtime reads the engine's tar of the source with the
 * embedded layer extraction's rules: hostile tars (crafted here) never write through a symlink
 * or outside the folder, and on the private dockerd a stage's hard link stays a link, setuid
 * stays, and a device and a fifo are skipped with a warning.
 */
class CopyFromExtractionTest {
  @TempDir Path tmp;

  private static byte[] tar(TarArchiveEntry... entries) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
      for (TarArchiveEntry e : entries) {
        byte[] body = e.isFile() ? ("body of " + e.getName()).getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (e.isFile()) {
          e.setSize(body.length);
        }
        out.putArchiveEntry(e);
        out.write(body);
        out.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static TarArchiveEntry link(String name, byte type, String target) {
    TarArchiveEntry e = new TarArchiveEntry(name, type);
    e.setLinkName(target);
    return e;
  }

  @Test
  void anEntryUnderAnEarlierSymlinkIsRefusedAndNothingLandsThroughIt() throws Exception {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Path root = Files.createDirectories(tmp.resolve("root"));
    byte[] hostile = tar(new TarArchiveEntry("src/"), link("src/x", TarConstants.LF_SYMLINK, outside.toString()),
        new TarArchiveEntry("src/x/evil"));
    assertThatThrownBy(() -> CopyFrom.unpack(new ByteArrayInputStream(hostile), "/src", root, new ArrayList<>()))
        .isInstanceOf(StepFailure.class)
        .hasMessage("the engine's archive of /src puts src/x/evil under the symlink src/x, which is never followed");
    try (var left = Files.list(outside)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void hardLinksStayLinksInsideAndOthersAreRefused() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    TarArchiveEntry suid = new TarArchiveEntry("src/tool");
    suid.setMode(04755);
    List<String> skipped = new ArrayList<>();
    TarArchiveEntry device = new TarArchiveEntry("src/null", TarConstants.LF_CHR);
    Path top = CopyFrom.unpack(new ByteArrayInputStream(tar(new TarArchiveEntry("src/"), suid,
        link("src/again", TarConstants.LF_LINK, "src/tool"), device, new TarArchiveEntry("src/fifo",
        TarConstants.LF_FIFO))), "/src", root, skipped);
    assertThat(top).isEqualTo(root.resolve("src"));
    assertThat(Files.readString(top.resolve("again"))).isEqualTo("body of src/tool");
    assertThat(Files.getAttribute(top.resolve("again"), "unix:ino"))
        .isEqualTo(Files.getAttribute(top.resolve("tool"), "unix:ino"));
    assertThat((Integer) Files.getAttribute(top.resolve("tool"), "unix:mode") & 07777).isEqualTo(04755);
    assertThat(skipped).containsExactly("src/null", "src/fifo");
    assertThat(Files.exists(top.resolve("null"), LinkOption.NOFOLLOW_LINKS)).isFalse();

    Path other = Files.createDirectories(tmp.resolve("other"));
    assertThatThrownBy(() -> CopyFrom.unpack(new ByteArrayInputStream(tar(new TarArchiveEntry("src/"),
        link("src/passwd", TarConstants.LF_LINK, "../../../etc/passwd"))), "/src", other, new ArrayList<>()))
        .isInstanceOf(StepFailure.class).hasMessage("the engine's archive of /src holds a path outside it: "
            + "../../../etc/passwd");
    Path third = Files.createDirectories(tmp.resolve("third"));
    assertThatThrownBy(() -> CopyFrom.unpack(new ByteArrayInputStream(tar(new TarArchiveEntry("src/"),
        link("src/l", TarConstants.LF_SYMLINK, "/etc/passwd"), link("src/h", TarConstants.LF_LINK, "src/l"))),
        "/src", third, new ArrayList<>()))
        .isInstanceOf(StepFailure.class).hasMessage("the engine's archive of /src holds a hard link src/h to src/l, "
            + "which is not a file before it");
  }

  @Test
  void aStagesHardLinkSetuidDeviceAndFifoOnTheEngine() throws Exception {
    String unique = String.valueOf(System.nanoTime());
    Template t = Template.of(Base.image(DockerEngineFixture.BASE), List.<Step>of(
            new CopyStep(List.of("/src"), "/app", null, null, Base.stage("make"), false)))
        .withName("copy-from-safe").withStages(List.of(new Stage("make", Base.image(DockerEngineFixture.BASE), List.<Step>of(
            new RunStep("echo " + unique + "; mkdir /src && echo data > /src/a && ln /src/a /src/hard && "
                + "chmod 4755 /src/a && ln -s /etc /src/etc-link && mknod /src/null c 1 3 && mkfifo /src/fifo")))));
    try (DockerRuntime rt = DockerRuntime.open(DockerEngineFixture.engine(), tmp.resolve("store"))) {
      BuildHandle h = rt.build(BuildRequest.of(t, Files.createDirectories(tmp.resolve("ctx"))));
      BuildEvent end = h.result().get(180, TimeUnit.SECONDS);
      assertThat(end.status()).as(end.message()).isEqualTo(BuildEvent.STATUS_READY);
      assertThat(h.events().after(0).stream().filter(e -> "warn".equals(e.level())).map(BuildEvent::message))
          .containsExactly("not copied from stage make: src/fifo is a device, fifo or socket, which a copy never takes",
              "not copied from stage make: src/null is a device, fifo or socket, which a copy never takes");
      List<String> out = new CopyOnWriteArrayList<>();
      assertThat(rt.run(end.ref(), List.of("/bin/sh", "-c", "cd /app && ls -A | sort | tr '\\n' ' '; echo; "
          + "cat hard; stat -c '%a %h' a; [ $(stat -c %i a) = $(stat -c %i hard) ] && echo same; readlink etc-link"),
          (s, l) -> out.add(l))).isZero();
      assertThat(out).containsExactly("a etc-link hard ", "data", "4755 2", "same", "/etc");
    }
  }
}
