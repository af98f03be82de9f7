package dev.templatestudio.bridge.embedded;

import static dev.templatestudio.bridge.embedded.EngineFixture.assertReady;
import static dev.templatestudio.bridge.embedded.EngineFixture.build;
import static dev.templatestudio.bridge.embedded.EngineFixture.end;
import static dev.templatestudio.bridge.embedded.EngineFixture.template;
import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.RunStep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Copy steps: .dockerignore, user and mode, and sources that try to leave the context. */
class CopyStepTest extends EngineTestBase {

  @BeforeEach
  void setUp() throws Exception {
    Files.createDirectories(ctx.resolve("src/node_modules/dep"));
    Files.createDirectories(ctx.resolve("src/lib"));
    Files.writeString(ctx.resolve("src/main.py"), "main\n");
    Files.writeString(ctx.resolve("src/lib/a.py"), "a\n");
    Files.writeString(ctx.resolve("src/debug.log"), "log\n");
    Files.writeString(ctx.resolve("src/keep.log"), "keep\n");
    Files.writeString(ctx.resolve("src/node_modules/dep/index.js"), "x\n");
    Files.writeString(ctx.resolve(".dockerignore"), "# comment\n**/node_modules\n*/*.log\n!src/keep.log\n");
    Files.writeString(tmp.resolve("outside.txt"), "secret outside\n");
  }

  private List<String> runIn(String ref, String command) throws Exception {
    List<String> out = new ArrayList<>();
    assertThat(rt.run(ref, List.of("/bin/sh", "-c", command), (s, l) -> out.add(l))).isZero();
    return out;
  }

  @Test
  void honoursDockerignoreUserAndMode() throws Exception {
    String ref = assertReady(build(rt, template("copy",
        new CopyStep(List.of("src"), "/app", "app:app", "0750", false),
        new CopyStep(List.of("src/main.py"), "/single.py"),
        new CopyStep(List.of("src/main.py", "src/lib/a.py"), "/tmp/many/")), ctx));
    assertThat(runIn(ref, "cd /app && find . | sort")).containsExactly(".", "./keep.log", "./lib",
        "./lib/a.py", "./main.py");
    assertThat(runIn(ref, "stat -c '%U:%G %a' /app /app/main.py /app/lib")).containsExactly(
        "app:app 750", "app:app 750", "app:app 750");
    assertThat(runIn(ref, "cat /single.py; ls /tmp/many; stat -c '%a' /tmp")).containsExactly(
        "main", "a.py", "main.py", "1777");
  }

  @Test
  void refusesSourcesOutsideTheContext() throws Exception {
    Files.createSymbolicLink(ctx.resolve("link-out"), tmp.resolve("outside.txt"));
    Files.createSymbolicLink(ctx.resolve("dir-out"), tmp);
    for (String source : List.of("../outside.txt", "src/../../outside.txt", "link-out", "dir-out/outside.txt", "dir-out")) {
      BuildEvent e = end(build(rt, template("escape", new CopyStep(List.of(source), "/x")), ctx));
      assertThat(e.status()).as(source).isEqualTo(BuildEvent.STATUS_ERROR);
      assertThat(e.message()).as(source).contains("\"" + source + "\"", "outside the build context");
    }
    var missingBuild = build(rt, template("escape", new dev.templatestudio.bridge.template.RunStep("true"),
        new CopyStep(List.of("nope"), "/x")), ctx);
    assertThat(end(missingBuild).message())
        .isEqualTo("step 2: copy source \"nope\" does not exist in the build context " + ctx);
    assertThat(missingBuild.events().after(0)).extracting(BuildEvent::kind)
        .as("refused before any step runs").containsExactly(BuildEvent.BUILD_START, BuildEvent.BUILD_END);
  }

  @Test
  void linksInsideASourceAreCopiedAsLinksNotFollowed() throws Exception {
    Files.createSymbolicLink(ctx.resolve("src/lib/passwd"), Path.of("/etc/passwd"));
    Files.createSymbolicLink(ctx.resolve("src/lib/up"), tmp.resolve("outside.txt"));
    String ref = assertReady(build(rt, template("links", new CopyStep(List.of("src/lib"), "/lib2"),
        new RunStep("test -L /lib2/up && readlink /lib2/passwd > /tmp/target")), ctx));
    assertThat(runIn(ref, "cat /tmp/target; cat /lib2/up 2>&1 || true")).first().isEqualTo("/etc/passwd");
    assertThat(String.join("\n", runIn(ref, "cat /lib2/up 2>&1 || true"))).doesNotContain("secret outside");
  }
}
