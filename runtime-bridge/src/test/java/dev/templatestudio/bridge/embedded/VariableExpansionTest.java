package dev.templatestudio.bridge.embedded;

import static dev.templatestudio.bridge.embedded.EngineFixture.assertReady;
import static dev.templatestudio.bridge.embedded.EngineFixture.build;
import static dev.templatestudio.bridge.embedded.EngineFixture.cacheOutcomes;
import static dev.templatestudio.bridge.embedded.EngineFixture.end;
import static dev.templatestudio.bridge.embedded.EngineFixture.events;
import static dev.templatestudio.bridge.embedded.EngineFixture.logText;
import static dev.templatestudio.bridge.embedded.EngineFixture.template;
import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.BuildHandle;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.EnvStep;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.UserStep;
import dev.templatestudio.bridge.template.WorkdirStep;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CONTRACT.md §3 env is "like Dockerfile ENV": env values, workdir, copy paths and users, and
 * user names expand variables as Docker does, with the base image's Env, the build envs and
 * earlier env steps in scope; the cache keys see what they expand to.
 */
class VariableExpansionTest extends EngineTestBase {

  @BeforeEach
  void site() throws Exception {
    Files.createDirectories(ctx.resolve("site"));
    Files.writeString(ctx.resolve("site/index.html"), "hello\n");
  }

  private static Map<String, String> vars(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void envWorkdirCopyAndUserExpandAsInADockerfile() throws Exception {
    Template t = template("expanding",
        new EnvStep(vars("P", "/opt/bin:$PATH", "E", "\\$literal", "B", "back\\slash",
            "D", "${NOPE:-dflt}", "S", "${APPDIR:+set}")),
        new WorkdirStep("$APPDIR/x"),
        new CopyStep(List.of("site/"), "$APPDIR/site/", "${OWNER}", null, false),
        new UserStep("$OWNER"),
        new RunStep("echo \"P=$P E=$E B=$B D=$D S=$S\"; pwd; id -un; stat -c %U $APPDIR/site/index.html"))
        .withBuildEnvs(vars("APPDIR", "/srv/app", "OWNER", "app"));
    BuildHandle h = build(rt, t, ctx);
    String ref = assertReady(h);
    assertThat(logText(h)).isEqualTo("P=/opt/bin:/bin:/usr/bin E=$literal B=back\\slash D=dflt S=set\n"
        + "/srv/app/x\napp\napp");

    List<String> out = new ArrayList<>();
    int code = rt.run(ref, List.of("ls", "/srv/app/site"), (s, l) -> out.add(l));
    assertThat(code).as("PATH is a path again: %s", out).isZero();
    assertThat(out).containsExactly("index.html");
    out.clear();
    rt.run(ref, List.of("/bin/sh", "-c", "echo \"$P|$E|[$APPDIR]\"; pwd"), (s, l) -> out.add(l));
    assertThat(out).as("env values stay in the image, build envs do not")
        .containsExactly("/opt/bin:/bin:/usr/bin|$literal|[]", "/srv/app/x");
  }

  @Test
  void anEnvStepSeesTheVariablesFromBeforeItAndOverridesABuildEnv() throws Exception {
    Template t = template("env-order", new EnvStep(vars("A", "1")), new EnvStep(vars("A", "2", "B", "$A", "M", "env")),
        new RunStep("echo \"A=$A B=$B M=$M\""))
        .withBuildEnvs(vars("M", "arg"));
    BuildHandle h = build(rt, t, ctx);
    assertReady(h);
    assertThat(logText(h)).isEqualTo("A=2 B=1 M=env");
  }

  @Test
  void theCacheKeySeesWhatAValueExpandsTo() throws Exception {
    Template t = template("expand-cache", new WorkdirStep("$APPDIR"), new EnvStep(vars("V", "1")),
        new WorkdirStep("/w$V"), new RunStep("pwd"));
    assertReady(build(rt, t.withBuildEnvs(vars("APPDIR", "/a")), ctx));
    assertThat(outcomes(t.withBuildEnvs(vars("APPDIR", "/a")))).containsOnly("hit");

    assertThat(outcomes(t.withBuildEnvs(vars("APPDIR", "/b")))).containsExactly("hit",
        "path changed once expanded: /a -> /b", "parent step 1 changed", "parent step 1 changed",
        "buildEnvs changed: {APPDIR=/a} -> {APPDIR=/b}");

    Template v2 = t.withStep(1, new EnvStep(vars("V", "2"))).withBuildEnvs(vars("APPDIR", "/b"));
    BuildHandle h = build(rt, v2, ctx);
    assertReady(h);
    assertThat(cacheOutcomes(h)).containsExactly("hit", "hit", "vars changed: {V=1} -> {V=2}",
        "parent step 2 changed", "parent step 2 changed");
    assertThat(logText(h)).isEqualTo("/w2");
  }

  @Test
  void aValueThatCannotBeExpandedFailsItsOwnStep() throws Exception {
    BuildHandle h = build(rt, template("unclosed", new RunStep("true"), new WorkdirStep("${APPDIR")), ctx);
    BuildEvent e = end(h);
    assertThat(e.status()).isEqualTo(BuildEvent.STATUS_ERROR);
    assertThat(e.message()).isEqualTo("step 2: path \"${APPDIR\" cannot be expanded: a \"${\" is never closed with \"}\"");
    assertThat(events(h, BuildEvent.STEP_END)).extracting(BuildEvent::status).containsExactly("done", "done", "error");
    assertThat(events(h, BuildEvent.CACHE_MISS)).hasSize(3);
  }

  @Test
  void aValueNestedTooDeepFailsItsOwnStepInOneShortSentence() throws Exception {
    // 50,000 levels overflowed the build thread's stack, and the build never ended.
    String deep = "${A:-".repeat(50_000) + "x" + "}".repeat(50_000);
    BuildHandle h = build(rt, template("deep", new RunStep("true"), new EnvStep(Map.of("A", deep), false)), ctx);
    BuildEvent e = end(h);
    assertThat(e.status()).isEqualTo(BuildEvent.STATUS_ERROR);
    assertThat(e.message()).isEqualTo("step 2: vars.A \"${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-${A:-…\" "
        + "cannot be expanded: \"${\" is nested more than 64 deep");
    assertThat(events(h, BuildEvent.STEP_END)).extracting(BuildEvent::status).containsExactly("done", "done", "error");
  }

  @Test
  void copySourcesWithVariablesAreSelectedOnceTheBaseIsKnownAndFailTheirOwnStep() throws Exception {
    Template t = template("copy-var", new RunStep("true"), new CopyStep(List.of("$SRC/"), "/www/"),
        new RunStep("ls /www > /listing"));
    String ref = assertReady(build(rt, t.withBuildEnvs(vars("SRC", "site")), ctx));
    List<String> out = new ArrayList<>();
    rt.run(ref, List.of("cat", "/listing"), (s, l) -> out.add(l));
    assertThat(out).containsExactly("index.html");

    BuildHandle h = build(rt, t.withBuildEnvs(vars("SRC", "nope")), ctx);
    assertThat(end(h).message()).isEqualTo("step 2: copy source \"nope/\" does not exist in the build context " + ctx);
    assertThat(events(h, BuildEvent.STEP_END)).extracting(BuildEvent::status).containsExactly("done", "done", "error");
  }

  private List<String> outcomes(Template t) throws Exception {
    BuildHandle h = build(rt, t, ctx);
    assertReady(h);
    return cacheOutcomes(h);
  }
}
