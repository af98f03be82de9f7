package dev.templatestudio.bridge.embedded;

import static dev.templatestudio.bridge.embedded.EngineFixture.assertReady;
import static dev.templatestudio.bridge.embedded.EngineFixture.build;
import static dev.templatestudio.bridge.embedded.EngineFixture.logText;
import static dev.templatestudio.bridge.embedded.EngineFixture.template;
import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.build.BuildHandle;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.EnvStep;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Template;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * CONTRACT.md §3: runtime envs are present when machines start, not during the build, also
 * the ones a template inherits from the template it is built on.
 */
class RuntimeEnvsTest extends EngineTestBase {

  @Test
  void aParentsRuntimeEnvsReachTheChildsMachinesButNotItsBuild() throws Exception {
    assertReady(build(rt, template("parent", new EnvStep(Map.of("SHARED", "from-env-step")))
        .withTags(List.of("stable"))
        .withRuntimeEnvs(Map.of("APP_ENV", "demo", "SHARED", "at-runtime", "MINE", "parent")), ctx));
    Template child = Template.of(Base.template("parent:stable"), List.of(
        new RunStep("echo \"build sees [$APP_ENV] [$SHARED]\""),
        new EnvStep(Map.of("MINE", "child-env-step"))))
        .withName("child").withRuntimeEnvs(Map.of("OWN", "child"));
    BuildHandle h = build(rt, child, ctx);
    String ref = assertReady(h);
    assertThat(logText(h)).contains("build sees [] [from-env-step]");

    List<String> out = new ArrayList<>();
    int code = rt.run(ref, List.of("/bin/sh", "-c", "echo $APP_ENV $SHARED $MINE $OWN"), (s, l) -> out.add(l));
    assertThat(code).isZero();
    assertThat(out).as("inherited runtime envs, except where the child's own env step sets the name")
        .containsExactly("demo at-runtime child-env-step child");
  }
}
