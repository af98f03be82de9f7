package dev.templatestudio.bridge.embedded;

import static dev.templatestudio.bridge.embedded.EngineFixture.assertReady;
import static dev.templatestudio.bridge.embedded.EngineFixture.build;
import static dev.templatestudio.bridge.embedded.EngineFixture.cacheOutcomes;
import static dev.templatestudio.bridge.embedded.EngineFixture.template;
import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.build.BuildHandle;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.EnvStep;
import dev.templatestudio.bridge.template.PipStep;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Template;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every kind of change gives the right first miss, with a reason a person can act on. */
class CacheReasonsTest extends EngineTestBase {

  @BeforeEach
  void setUp() throws Exception {
    Files.createDirectories(ctx.resolve("app"));
    Files.writeString(ctx.resolve("app/main.py"), "v1\n");
    Files.writeString(ctx.resolve("app/util.py"), "u\n");
  }

  /** A fake pip in the image, so a pip step runs offline on busybox. */
  private static final RunStep FAKE_PIP = new RunStep(
      "printf '#!/bin/sh\\necho pip \"$@\"\\n' > /bin/pip && chmod +x /bin/pip");

  private Template app(List<String> packages, String greeting) {
    return template("app", FAKE_PIP, new PipStep(packages), new EnvStep(Map.of("GREETING", greeting)),
        new CopyStep(List.of("app"), "/app"), new RunStep("ls /app > /tmp/listing"));
  }

  private List<String> rebuild(Template t) throws Exception {
    BuildHandle h = build(rt, t, ctx);
    assertReady(h);
    return cacheOutcomes(h);
  }

  @Test
  void eachChangeNamesItsCause() throws Exception {
    assertThat(rebuild(app(List.of("flask"), "hi"))).containsOnly("first build");
    assertThat(rebuild(app(List.of("flask"), "hi"))).containsOnly("hit");

    assertThat(rebuild(app(List.of("fastapi"), "hi"))).containsExactly("hit", "hit",
        "packages changed: [flask] -> [fastapi]",
        "parent step 2 changed", "parent step 2 changed", "parent step 2 changed");

    assertThat(rebuild(app(List.of("fastapi"), "hello"))).containsExactly("hit", "hit", "hit",
        "vars changed: {GREETING=hi} -> {GREETING=hello}", "parent step 3 changed", "parent step 3 changed");

    Files.writeString(ctx.resolve("app/main.py"), "v2\n");
    assertThat(rebuild(app(List.of("fastapi"), "hello"))).containsExactly("hit", "hit", "hit", "hit",
        "input files changed: app/main.py", "parent step 4 changed");

    Files.writeString(ctx.resolve("app/new.py"), "n\n");
    Files.delete(ctx.resolve("app/util.py"));
    assertThat(rebuild(app(List.of("fastapi"), "hello")).get(4))
        .isEqualTo("input files changed: app/new.py (new), app/util.py (removed)");

    Files.writeString(ctx.resolve(".dockerignore"), "app/new.py\n");
    assertThat(rebuild(app(List.of("fastapi"), "hello")).get(4))
        .isEqualTo("input files changed: app/new.py (removed)");

    Template forced = app(List.of("fastapi"), "hello");
    forced = forced.withStep(3, forced.steps().get(3).withForce(true));
    assertThat(rebuild(forced)).containsExactly("hit", "hit", "hit", "hit",
        "force: this step sets force", "force: step 4 sets force");
    assertThat(rebuild(app(List.of("fastapi"), "hello"))).as("force does not change keys").containsOnly("hit");

    assertThat(rebuild(app(List.of("fastapi"), "hello").withForce(true)))
        .containsOnly("force: the template sets force");

    BuildHandle noCache = build(rt, new BuildRequest(app(List.of("fastapi"), "hello"), ctx, null, null, true, null));
    assertReady(noCache);
    assertThat(cacheOutcomes(noCache)).containsOnly("--no-cache");

    assertThat(rebuild(app(List.of("fastapi"), "hello").withBuildEnvs(Map.of("PIP_INDEX", "x"))))
        .containsExactly("hit", "buildEnvs changed: (none) -> {PIP_INDEX=x}",
            "buildEnvs changed: (none) -> {PIP_INDEX=x}", "parent step 1 changed",
            "parent step 1 changed", "buildEnvs changed: (none) -> {PIP_INDEX=x}");
  }

  @Test
  void aNewStepAndAChangedTypeAreNamed() throws Exception {
    rebuild(template("shape", new RunStep("echo a")));
    assertThat(rebuild(template("shape", new RunStep("echo a"), new RunStep("echo b"))))
        .containsExactly("hit", "hit", "new step: the last build had 1 step");
    assertThat(rebuild(template("shape", new RunStep("echo a"), new EnvStep(Map.of("A", "1")))))
        .containsExactly("hit", "hit", "step type changed: run -> env");
  }

  @Test
  void stepsShiftedByAnInsertOrADeleteNameTheirCauseNotThePosition() throws Exception {
    RunStep a = new RunStep("echo a > /a");
    RunStep b = new RunStep("echo b > /b");
    RunStep c = new RunStep("echo c > /c");
    rebuild(template("shift", a, b, c));
    assertThat(rebuild(template("shift", a, new RunStep("echo x > /x"), b, c)))
        .containsExactly("hit", "hit", "new step: inserted here", "parent step 2 changed", "parent step 2 changed");
    assertThat(rebuild(template("shift", a, c)))
        .containsExactly("hit", "hit", "moved: it was step 4 in the last build");
  }

  @Test
  void aStepChangedIntoACopyOfTheOneAboveIsChangedNotMoved() throws Exception {
    RunStep a = new RunStep("echo a > /a");
    RunStep b = new RunStep("echo b > /b");
    rebuild(template("dup", a, b, new RunStep("echo c > /c")));
    List<String> outcomes = rebuild(template("dup", a, b, b));
    assertThat(outcomes.subList(0, 3)).containsExactly("hit", "hit", "hit");
    assertThat(outcomes.get(3)).startsWith("command changed");
  }
}
