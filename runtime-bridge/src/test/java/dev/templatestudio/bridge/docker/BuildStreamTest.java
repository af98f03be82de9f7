package dev.templatestudio.bridge.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.EventLog;
import dev.templatestudio.bridge.build.SecretMasker;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.EnvStep;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Template;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The legacy builder's message stream, as dockerd 20.10 sends it, becomes one hit or miss per step. */
class BuildStreamTest {
  /** Base, a RUN as another user (USER, RUN, USER: three instructions), an ENV; then CMD. */
  private final Template template = Template.of(Base.image("busybox"), List.of(
      new RunStep("id", "app", false), new EnvStep(Map.of("A", "1"))))
      .withStart(new dev.templatestudio.bridge.template.Start("sleep 1", null));
  private final LegacyDockerfile dockerfile = LegacyDockerfile.of(template, -1, "b1");
  private final EventLog log = new EventLog("b1", SecretMasker.none());
  private final BuildStream stream = new BuildStream(new BuildStream.Plan(dockerfile,
      List.of("FROM busybox", "RUN id", "ENV A=1"), List.of("k0", "k1", "k2"), true, i -> "reason " + i), log);

  private void feed(String... json) throws Exception {
    for (String j : json) {
      JsonNode node = DockerHttp.JSON.readTree(j);
      stream.accept(node);
    }
  }

  private List<String> kinds() {
    return log.after(0).stream().map(e -> e.kind() + (e.step() == null ? "" : " " + e.step())
        + (e.reason() == null ? "" : " (" + e.reason() + ")")).toList();
  }

  @Test
  void aStepOfSeveralInstructionsIsAHitOnlyWhenAllWere() throws Exception {
    assertThat(dockerfile.counts()).containsExactly(1, 3, 1, 1);
    feed("{\"stream\":\"Step 1/7 : FROM busybox\"}", "{\"stream\":\"\\n\"}", "{\"stream\":\" ---\\u003e 9913c7991aff\\n\"}",
        "{\"stream\":\"Step 2/7 : USER app\\n\"}", "{\"stream\":\" ---\\u003e Using cache\\n ---\\u003e 1\\n\"}",
        "{\"stream\":\"Step 3/7 : RUN id\\n\"}", "{\"stream\":\" ---\\u003e Running in abc\\n\"}",
        "{\"stream\":\"uid=1000(app) gid=10\"}", "{\"stream\":\"00(app)\\nStep 9/9 : printed by id\\n\"}",
        "{\"stream\":\"Removing intermediate container abc\\n ---\\u003e 2\\n\"}",
        "{\"stream\":\"Step 4/7 : USER root\\n ---\\u003e Running in def\\n ---\\u003e 3\\n\"}",
        "{\"stream\":\"Step 5/7 : ENV A=1\\n ---\\u003e Running in ghi\\n ---\\u003e 4\\n\"}",
        "{\"stream\":\"Step 6/7 : CMD sleep 1\\n ---\\u003e Running in jkl\\n ---\\u003e 5\\n\"}",
        "{\"stream\":\"Step 7/7 : LABEL dev.templatestudio.template=x\\n ---\\u003e 6\\n\"}",
        "{\"aux\":{\"ID\":\"sha256:66\"}}", "{\"stream\":\"Successfully built 6\\n\"}");
    stream.finish(BuildEvent.STATUS_DONE);
    assertThat(kinds()).containsExactly("step-start 0", "cache-hit 0", "step-end 0",
        "step-start 1", "cache-miss 1 (reason 1)", "log 1", "log 1", "step-end 1",
        "step-start 2", "cache-miss 2 (reason 2)", "step-end 2");
    assertThat(log.after(0)).filteredOn(e -> e.kind().equals("log")).extracting(BuildEvent::message)
        .containsExactly("uid=1000(app) gid=1000(app)", "Step 9/9 : printed by id");
    assertThat(stream.imageId()).isEqualTo("sha256:66");
    assertThat(stream.cacheHits()).isEqualTo(1);
    assertThat(stream.runningContainer()).isEqualTo("jkl");
  }

  @Test
  void anErrorNamesTheStepAndItsExitCodeAndEndsIt() throws Exception {
    feed("{\"stream\":\"Step 1/7 : FROM busybox\\n ---\\u003e 1\\nStep 2/7 : USER app\\n ---\\u003e Using cache\\n\"}",
        "{\"stream\":\"Step 3/7 : RUN id\\n ---\\u003e Running in abc\\nno such thing\\n\"}",
        "{\"errorDetail\":{\"code\":3,\"message\":\"The command '/bin/sh -c id' returned a non-zero code: 3\"},"
            + "\"error\":\"The command '/bin/sh -c id' returned a non-zero code: 3\"}");
    stream.finish(BuildEvent.STATUS_ERROR);
    assertThat(stream.error()).isEqualTo("step 1 (RUN id) failed with exit code 3:\nno such thing");
    assertThat(kinds()).endsWith("cache-miss 1 (reason 1)", "log 1", "step-end 1");
    assertThat(log.after(0).get(log.after(0).size() - 1).status()).isEqualTo(BuildEvent.STATUS_ERROR);
  }

  @Test
  void theBaseStepIsDecidedByFromAloneNotByItsArgs() throws Exception {
    Template noCommands = Template.of(Base.image("busybox"), List.of(new EnvStep(Map.of("A", "1"))))
        .withBuildEnvs(Map.of("MODE", "slow"));
    LegacyDockerfile withArgs = LegacyDockerfile.of(noCommands, -1, "b1");
    assertThat(withArgs.counts()).containsExactly(2, 1, 0);
    BuildStream s = new BuildStream(new BuildStream.Plan(withArgs, List.of("FROM busybox", "ENV A=1"),
        List.of("k0", "k1"), true, i -> "reason " + i), log);
    s.accept(DockerHttp.JSON.readTree("{\"stream\":\"Step 1/4 : FROM busybox\\n ---\\u003e 1\\n"
        + "Step 2/4 : ARG MODE=slow\\n ---\\u003e Running in a\\n ---\\u003e 2\\n"
        + "Step 3/4 : ENV A=1\\n ---\\u003e Running in b\\n\"}"));
    assertThat(kinds()).containsExactly("step-start 0", "cache-hit 0", "step-end 0", "step-start 1",
        "cache-miss 1 (reason 1)");
  }

  @Test
  void aBaseThatCannotBePulledIsSaidSo() throws Exception {
    BuildStream pulling = new BuildStream(new BuildStream.Plan(dockerfile, List.of("FROM busybox", "RUN id", "ENV A=1"),
        List.of("k0", "k1", "k2"), false, i -> "the base image busybox is not on the Docker Engine yet"), log);
    pulling.accept(DockerHttp.JSON.readTree("{\"stream\":\"Step 1/7 : FROM busybox\\n\"}"));
    pulling.accept(DockerHttp.JSON.readTree("{\"errorDetail\":{\"message\":\"Get \\\"https://registry-1.docker.io/v2/\\\": "
        + "dial tcp: lookup registry-1.docker.io: no such host\"}}"));
    pulling.finish(BuildEvent.STATUS_ERROR);
    assertThat(pulling.error()).isEqualTo("step 0 (FROM busybox) failed: the base image is not on the Docker Engine "
        + "and pulling it failed: Get \"https://registry-1.docker.io/v2/\": dial tcp: lookup registry-1.docker.io: no such host");
    assertThat(kinds()).containsExactly("step-start 0",
        "cache-miss 0 (the base image busybox is not on the Docker Engine yet)", "step-end 0");
  }

  @Test
  void aStepCancelledBeforeDockerLookedAtItsCacheIsAMiss() throws Exception {
    feed("{\"stream\":\"Step 1/7 : FROM busybox\\n\"}");
    stream.finish(BuildEvent.STATUS_CANCELLED);
    assertThat(kinds()).containsExactly("step-start 0", "cache-miss 0 (reason 0)", "step-end 0");
  }
}
