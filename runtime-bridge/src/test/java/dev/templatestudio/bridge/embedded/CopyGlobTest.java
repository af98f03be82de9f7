package dev.templatestudio.bridge.embedded;

import static dev.templatestudio.bridge.embedded.EngineFixture.assertReady;
import static dev.templatestudio.bridge.embedded.EngineFixture.build;
import static dev.templatestudio.bridge.embedded.EngineFixture.cacheOutcomes;
import static dev.templatestudio.bridge.embedded.EngineFixture.end;
import static dev.templatestudio.bridge.embedded.EngineFixture.template;
import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.BuildHandle;
import dev.templatestudio.bridge.template.CopyStep;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Copy sources with wildcards, as Docker's COPY takes them, built for real on busybox. */
class CopyGlobTest extends EngineTestBase {

  @BeforeEach
  void setUp() throws Exception {
    Files.createDirectories(ctx.resolve("app"));
    Files.createDirectories(ctx.resolve("lib/sub"));
    for (String f : List.of("app/x.py", "app/y.py", "app/README.md", "requirements.txt",
        "requirements-dev.txt", "main.py", "secret.py", "data1.csv", "data2.csv", "dataA.csv",
        "lib/u.py", "lib/sub/v.py")) {
      Files.writeString(ctx.resolve(f), f + "\n");
    }
    Files.writeString(ctx.resolve(".dockerignore"), "secret.py\n");
    Files.writeString(tmp.resolve("outside.txt"), "secret outside\n");
  }

  private List<String> runIn(String ref, String command) throws Exception {
    List<String> out = new ArrayList<>();
    assertThat(rt.run(ref, List.of("/bin/sh", "-c", command), (s, l) -> out.add(l))).isZero();
    return out;
  }

  private String error(CopyStep step) throws Exception {
    BuildEvent e = end(build(rt, template("glob-error", step), ctx));
    assertThat(e.status()).as(step.sources().toString()).isEqualTo(BuildEvent.STATUS_ERROR);
    return e.message();
  }

  @Test
  void patternsCopyEveryMatchByNameAndMatchedDirectoriesByContents() throws Exception {
    String ref = assertReady(build(rt, template("glob",
        new CopyStep(List.of("app/*.py", "requirements*.txt"), "/app/"),
        new CopyStep(List.of("data[0-9].csv"), "/data/"),
        new CopyStep(List.of("*.py"), "/top/"),
        new CopyStep(List.of("l?b"), "/libs"),
        new CopyStep(List.of("app/[x]*"), "/single")), ctx));
    assertThat(runIn(ref, "find /app /data /top /libs -type f | sort")).containsExactly(
        "/app/requirements-dev.txt", "/app/requirements.txt", "/app/x.py", "/app/y.py",
        "/data/data1.csv", "/data/data2.csv",
        "/libs/sub/v.py", "/libs/u.py",
        "/top/main.py");
    assertThat(runIn(ref, "cat /single")).as("one match copies to the destination as a file")
        .containsExactly("app/x.py");
  }

  @Test
  void aPatternThatMatchesNothingFailsTheBuildNamingStepAndPattern() throws Exception {
    assertThat(error(new CopyStep(List.of("*.rb"), "/x/"))).isEqualTo("step 1: no source files were "
        + "specified: copy pattern \"*.rb\" matches nothing in the build context " + ctx + " (after .dockerignore)");
    assertThat(error(new CopyStep(List.of("app/*.py", "secr*"), "/x/")))
        .as("only a dockerignored file matches")
        .startsWith("step 1: no source files were specified: copy pattern \"secr*\" matches nothing");
  }

  @Test
  void severalSourcesOrMatchesNeedADestinationEndingInSlash() throws Exception {
    assertThat(error(new CopyStep(List.of("app/*.py"), "/app"))).isEqualTo("step 1: copy has 2 sources "
        + "(app/x.py, app/y.py), so its destination \"/app\" must be a directory ending with \"/\", as in Docker");
    assertThat(error(new CopyStep(List.of("lib", "main.py"), "/app")))
        .startsWith("step 1: copy has 2 sources (lib, main.py), so its destination \"/app\" must");
  }

  @Test
  void aChangedOrNewMatchedFileIsTheMissReasonAndUnmatchedFilesAreNot() throws Exception {
    CopyStep step = new CopyStep(List.of("app/*.py"), "/app/");
    assertThat(outcomes(step)).containsExactly("first build", "first build");
    assertThat(outcomes(step)).containsExactly("hit", "hit");
    Files.writeString(ctx.resolve("app/x.py"), "changed\n");
    assertThat(outcomes(step)).containsExactly("hit", "input files changed: app/x.py");
    Files.writeString(ctx.resolve("app/z.py"), "new\n");
    Files.writeString(ctx.resolve("app/notes.md"), "not matched\n");
    assertThat(outcomes(step)).containsExactly("hit", "input files changed: app/z.py (new)");
    Files.writeString(ctx.resolve("app/notes.md"), "still not matched\n");
    assertThat(outcomes(step)).containsExactly("hit", "hit");
  }

  private List<String> outcomes(CopyStep step) throws Exception {
    BuildHandle h = build(rt, template("glob-cache", step), ctx);
    assertReady(h);
    return cacheOutcomes(h);
  }

  @Test
  void patternsCannotReachOutsideTheContext() throws Exception {
    for (String source : List.of("../*", "../outside.*", "app/../../*")) {
      assertThat(error(new CopyStep(List.of(source), "/x/"))).as(source)
          .contains("\"" + source + "\"", "outside the build context");
    }
    Files.createSymbolicLink(ctx.resolve("link-out"), tmp.resolve("outside.txt"));
    assertThat(error(new CopyStep(List.of("link-*"), "/x/"))).isEqualTo("step 1: copy source "
        + "\"link-out\" (matched by \"link-*\") leads through a symbolic link to outside the build context " + ctx);
    Files.delete(ctx.resolve("link-out"));
    Files.createSymbolicLink(ctx.resolve("dir-out"), tmp);
    Files.createDirectories(ctx.resolve("in"));
    Files.createSymbolicLink(ctx.resolve("in/dir-out"), tmp);
    for (String source : List.of("dir-out/*.txt", "*/outside.txt", "in/*/outside.txt")) {
      assertThat(error(new CopyStep(List.of(source), "/x/")))
          .as("a directory outside is not searched: " + source).contains("no source files were specified");
    }
  }
}
