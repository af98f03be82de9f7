package dev.templatestudio.bridge.embedded;

import static dev.templatestudio.bridge.embedded.EngineFixture.assertReady;
import static dev.templatestudio.bridge.embedded.EngineFixture.build;
import static dev.templatestudio.bridge.embedded.EngineFixture.end;
import static dev.templatestudio.bridge.embedded.EngineFixture.template;
import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.WorkdirStep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Copy steps never write through a symbolic link to outside the image: not through one an
 * earlier source of the same step made, nor through one a lower layer holds. A destination
 * that leads through links resolves inside the image, as Docker's does. Failures name paths
 * as the image sees them.
 */
@Timeout(120)
class CopyContainmentTest extends EngineTestBase {
  Path host;

  @BeforeEach
  void setUp() throws Exception {
    host = Files.createDirectories(tmp.resolve("host"));
    Files.writeString(tmp.resolve("host-file"), "host's own\n");
    Files.createDirectories(ctx.resolve("a"));
    Files.createDirectories(ctx.resolve("b/x"));
    Files.writeString(ctx.resolve("b/x/pwned"), "pwned\n");
  }

  private List<String> runIn(String ref, String command) throws Exception {
    List<String> out = new ArrayList<>();
    assertThat(rt.run(ref, List.of("/bin/sh", "-c", command), (s, l) -> out.add(l))).isZero();
    return out;
  }

  private void assertHostUntouched() throws Exception {
    try (Stream<Path> list = Files.list(host)) {
      assertThat(list).as("written onto the host").isEmpty();
    }
    assertThat(Files.readString(tmp.resolve("host-file"))).isEqualTo("host's own\n");
  }

  private void assertNamesNoHostPath(String message) {
    assertThat(message).doesNotContain(store.root().toString()).doesNotContain(tmp.toString())
        .doesNotContain("upper").doesNotContain("Exception").doesNotContainPattern("\n");
  }

  @Test
  void aLinkOneSourceMadeIsNotWrittenThroughByTheNextWhateverDockerignoreSays() throws Exception {
    Files.createSymbolicLink(ctx.resolve("a/x"), host);
    for (String ignore : List.of("b/x\n!b/x/pwned\n", "")) {
      Files.writeString(ctx.resolve(".dockerignore"), ignore);
      BuildEvent e = end(build(rt, template("probe", new CopyStep(List.of("a/", "b/"), "/app/")), ctx));
      assertThat(e.status()).as(ignore).isEqualTo(BuildEvent.STATUS_ERROR);
      assertThat(e.message()).as(ignore).contains("/app/x", "symbolic link");
      assertNamesNoHostPath(e.message());
      assertHostUntouched();
    }
  }

  @Test
  void aFileReplacesALinkAnEarlierSourceMadeWithoutWritingWhereItPoints() throws Exception {
    Files.createSymbolicLink(ctx.resolve("a/f"), tmp.resolve("host-file"));
    Files.writeString(ctx.resolve("b/f"), "from b\n");
    String ref = assertReady(build(rt, template("replace", new CopyStep(List.of("a/", "b/"), "/app/")), ctx));
    assertThat(runIn(ref, "test ! -L /app/f && cat /app/f")).containsExactly("from b");
    assertHostUntouched();
  }

  @Test
  void aLinkALowerLayerHoldsIsNotWrittenThrough() throws Exception {
    BuildEvent e = end(build(rt, template("lower",
        new RunStep("mkdir /app && ln -s " + host + " /app/x"),
        new CopyStep(List.of("b/"), "/app/")), ctx));
    assertThat(e.status()).isEqualTo(BuildEvent.STATUS_ERROR);
    assertThat(e.message()).startsWith("step 2").contains("/app/x", "symbolic link");
    assertNamesNoHostPath(e.message());
    assertHostUntouched();
  }

  @Test
  void aDestinationThroughLinksResolvesInsideTheImage() throws Exception {
    Files.writeString(ctx.resolve("f.txt"), "f\n");
    String ref = assertReady(build(rt, template("dest",
        new RunStep("mkdir /real && ln -s /real /linked && ln -s " + host + " /out && ln -s ../../real /up"),
        new CopyStep(List.of("f.txt"), "/linked/"),
        new CopyStep(List.of("f.txt"), "/out/sub/g.txt"),
        new CopyStep(List.of("b/"), "/up/")), ctx));
    assertThat(runIn(ref, "readlink /linked; cat /real/f.txt " + host + "/sub/g.txt /real/x/pwned"))
        .containsExactly("/real", "f", "f", "pwned");
    assertHostUntouched();
  }

  @Test
  void aWorkdirThroughALinkResolvesInsideTheImage() throws Exception {
    String ref = assertReady(build(rt, template("workdir",
        new RunStep("ln -s " + host + " /w"),
        new WorkdirStep("/w/sub"),
        new RunStep("pwd > here")), ctx));
    // The folder was made where the link leads inside the image; the shell names it physically.
    assertThat(runIn(ref, "readlink /w; cat " + host + "/sub/here")).containsExactly(host.toString(), host + "/sub");
    assertHostUntouched();
  }

  @Test
  void aFileIsCopiedIntoAFolderTheImageHasAndNeverReplacesIt() throws Exception {
    Files.writeString(ctx.resolve("f.txt"), "f\n");
    String ref = assertReady(build(rt, template("into", new CopyStep(List.of("f.txt"), "/etc")), ctx));
    assertThat(runIn(ref, "cat /etc/f.txt; test -f /etc/passwd && echo kept")).containsExactly("f", "kept");
  }

  @Test
  void aFileOntoAFolderFailsNamingImagePaths() throws Exception {
    Files.createDirectories(ctx.resolve("a/x/inner"));
    Files.writeString(ctx.resolve("a/x/inner/file"), "a\n");
    Files.delete(ctx.resolve("b/x/pwned"));
    Files.delete(ctx.resolve("b/x"));
    Files.writeString(ctx.resolve("b/x"), "file\n");
    BuildEvent e = end(build(rt, template("clash", new CopyStep(List.of("a/", "b/"), "/app/")), ctx));
    assertThat(e.status()).isEqualTo(BuildEvent.STATUS_ERROR);
    assertThat(e.message()).startsWith("step 1").contains("/app/x");
    assertNamesNoHostPath(e.message());
  }

  @Test
  void aSourceLinkThatLoopsOrDanglesIsACopySourceError() throws Exception {
    Files.createSymbolicLink(ctx.resolve("loop"), Path.of("loop"));
    Files.createSymbolicLink(ctx.resolve("dangling"), Path.of("missing"));
    for (String source : List.of("loop/", "dangling")) {
      BuildEvent e = end(build(rt, template("nowhere", new CopyStep(List.of(source), "/x/")), ctx));
      assertThat(e.status()).isEqualTo(BuildEvent.STATUS_ERROR);
      assertThat(e.message()).as(source).isEqualTo("step 1: copy source \"" + source + "\" is a symbolic link "
          + "that leads nowhere (its target is missing, or links loop) in the build context " + ctx);
    }
  }

  @Test
  void aPathThroughAFileOfTheImageFails() throws Exception {
    Files.writeString(ctx.resolve("f.txt"), "f\n");
    BuildEvent e = end(build(rt, template("through", new CopyStep(List.of("f.txt"), "/etc/passwd/x")), ctx));
    assertThat(e.status()).isEqualTo(BuildEvent.STATUS_ERROR);
    assertThat(e.message()).startsWith("step 1").contains("/etc/passwd");
    assertNamesNoHostPath(e.message());
  }
}
