package dev.templatestudio.bridge.lint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.lint.Finding.Severity;
import dev.templatestudio.bridge.template.AptStep;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.EnvStep;
import dev.templatestudio.bridge.template.NpmStep;
import dev.templatestudio.bridge.template.PipStep;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Step;
import dev.templatestudio.bridge.template.Template;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TemplateLinterTest {
  private static final Base PINNED = Base.image("python:3.12@sha256:" + "a".repeat(64));

  private static List<Finding> lint(Step... steps) {
    return TemplateLinter.lint(Template.of(PINNED, List.of(steps)));
  }

  private static List<String> rules(Step... steps) {
    return lint(steps).stream().map(Finding::rule).toList();
  }

  private static List<String> run(String command) {
    return rules(new RunStep(command));
  }

  @Test
  void aCleanAptRunHasNoFinding() {
    assertThat(run("apt-get update && apt-get install -y --no-install-recommends git \\\n"
        + "  && rm -rf /var/lib/apt/lists/*")).isEmpty();
  }

  @Test
  void aptWithoutRemovingTheListsIsFlaggedAtTheStepsCommand() {
    List<Finding> f = lint(new RunStep("echo hi"),
        new RunStep("apt-get update && apt-get install -y --no-install-recommends git && apt-get clean"));
    assertThat(f).singleElement().satisfies(x -> {
      assertThat(x.rule()).isEqualTo("APT-LISTS");
      assertThat(x.severity()).isEqualTo(Severity.WARNING);
      assertThat(x.step()).isEqualTo(2);
      assertThat(x.field()).isEqualTo("steps[1].command");
      assertThat(x.message()).startsWith("step 2 installs with apt but does not remove /var/lib/apt/lists");
      assertThat(x.fix()).isEqualTo("end the command with && rm -rf /var/lib/apt/lists/*");
    });
  }

  @Test
  void aListsRemovalInAnotherStepDoesNotCount() {
    assertThat(rules(new RunStep("apt-get update && apt-get install -y --no-install-recommends git"),
        new RunStep("rm -rf /var/lib/apt/lists/*"))).containsExactly("APT-LISTS");
  }

  @Test
  void aptInstallWithoutNoInstallRecommends() {
    assertThat(run("apt-get update && DEBIAN_FRONTEND=noninteractive sudo apt-get -y -o Dpkg::Use-Pty=0 install git"
        + " && rm -rf /var/lib/apt/lists/*")).containsExactly("APT-RECOMMENDS");
    assertThat(run("apt install -y --no-install-recommends git; rm -rf /var/lib/apt/lists/*")).isEmpty();
    assertThat(run("echo 'APT::Install-Recommends \"0\";' > /etc/apt/apt.conf.d/no-rec"
        + " && apt-get install -y git && rm -rf /var/lib/apt/lists/*")).isEmpty();
  }

  @Test
  void anAptStepIsJudgedAsTheProjectRendersIt() {
    List<Finding> f = lint(new AptStep(List.of("git")));
    assertThat(f).extracting(Finding::rule, Finding::field)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("APT-RECOMMENDS", "steps[0].noInstallRecommends"));
    assertThat(lint(new AptStep(List.of("git"), true, false))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"apt-get upgrade -y", "apt-get -y dist-upgrade", "apt full-upgrade", "apt-get -qq upgrade"})
  void upgradesAreFlagged(String command) {
    assertThat(run("apt-get update && " + command + " && rm -rf /var/lib/apt/lists/*")).containsExactly("APT-UPGRADE");
  }

  @Test
  void theWordUpgradeElsewhereIsNot() {
    assertThat(run("pip install --no-cache-dir --upgrade pip")).isEmpty();
    assertThat(run("echo apt-get upgrade")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"pip install fastapi", "pip3 install -r requirements.txt", "python3 -m pip install x",
      "cd /app && /usr/local/bin/pip3.12 install --user x", "sudo -H -u app pip install x",
      "env -u PIP_NO_CACHE_DIR A=1 pip install x"})
  void pipWithoutNoCacheDir(String command) {
    assertThat(run(command)).containsExactly("PIP-CACHE");
  }

  @ParameterizedTest
  @ValueSource(strings = {"pip install --no-cache-dir fastapi", "PIP_NO_CACHE_DIR=1 pip install x",
      "export PIP_NO_CACHE_DIR=1; pip install x", "pip download x", "pip --version", "echo pip install x",
      "python -m venv /v"})
  void pipThatKeepsNoCacheOrInstallsNothing(String command) {
    assertThat(run(command)).isEmpty();
  }

  @Test
  void aPipStepIsFlaggedUnlessAnEnvTurnsTheCacheOff() {
    assertThat(lint(new PipStep(List.of("fastapi")))).extracting(Finding::rule, Finding::field)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("PIP-CACHE", "steps[0].packages"));
    assertThat(rules(new EnvStep(Map.of("PIP_NO_CACHE_DIR", "1")), new PipStep(List.of("fastapi")),
        new RunStep("pip install x"))).isEmpty();
    Template withBuildEnv = Template.of(PINNED, List.of(new PipStep(List.of("fastapi"))))
        .withBuildEnvs(Map.of("PIP_NO_CACHE_DIR", "1"));
    assertThat(TemplateLinter.lint(withBuildEnv)).isEmpty();
    assertThat(rules(new PipStep(List.of("fastapi")), new EnvStep(Map.of("PIP_NO_CACHE_DIR", "1"))))
        .as("an env step after the pip step is too late").containsExactly("PIP-CACHE");
  }

  @Test
  void baseWithoutTagOrLatestIsAWarning() {
    for (String ref : List.of("ubuntu", "ubuntu:latest", "ghcr.io/o/r", "localhost:5000/app", "localhost:5000/app:latest")) {
      List<Finding> f = TemplateLinter.lint(Template.of(Base.image(ref), List.of()));
      assertThat(f).as(ref).singleElement().satisfies(x -> {
        assertThat(x.rule()).isEqualTo("BASE-LATEST");
        assertThat(x.step()).isZero();
        assertThat(x.field()).isEqualTo("base.image");
        assertThat(x.place()).isEqualTo("base");
      });
    }
  }

  @Test
  void baseWithATagOnlyIsInfoAndADigestOrLocalSourceIsNothing() {
    assertThat(TemplateLinter.lint(Template.of(Base.image("python:3.12"), List.of())))
        .extracting(Finding::rule, Finding::severity)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("BASE-DIGEST", Severity.INFO));
    for (String ref : List.of("python:3.12@sha256:" + "b".repeat(64), "ubuntu@sha256:" + "c".repeat(64),
        "rootfs:rootfs", "oci-layout:dir:tag", "docker-archive:x.tar", "scratch")) {
      assertThat(TemplateLinter.lint(Template.of(Base.image(ref), List.of()))).as(ref).isEmpty();
    }
    assertThat(TemplateLinter.lint(Template.of(Base.template("base:latest"), List.of())))
        .as("a template base is this store's own").isEmpty();
  }

  @Test
  void copyingTheWholeContextBeforeAnInstallBustsTheCache() {
    List<Finding> f = lint(new CopyStep(List.of("./"), "/app"), new EnvStep(Map.of("A", "1")),
        new RunStep("npm ci"));
    assertThat(f).singleElement().satisfies(x -> {
      assertThat(x.rule()).isEqualTo("COPY-ORDER");
      assertThat(x.step()).isEqualTo(1);
      assertThat(x.field()).isEqualTo("steps[0].sources[0]");
      assertThat(x.message()).contains("before step 3 installs packages");
    });
    assertThat(rules(new CopyStep(List.of("."), "/app"), new NpmStep(List.of("x"), true, false)))
        .containsExactly("COPY-ORDER");
    assertThat(rules(new CopyStep(List.of("."), "/app"), new PipStep(List.of("x")),
        new EnvStep(Map.of("PIP_NO_CACHE_DIR", "1")))).containsExactly("COPY-ORDER", "PIP-CACHE");
  }

  @Test
  void copyOrderAllowsDependencyFilesFirstAndTheRestAfter() {
    assertThat(rules(new CopyStep(List.of("requirements.txt"), "/app/"),
        new RunStep("pip install --no-cache-dir -r /app/requirements.txt"),
        new CopyStep(List.of("."), "/app"), new RunStep("python -m compileall /app"))).isEmpty();
  }

  @Test
  void aSecretValueInABuildEnvIsAnError() {
    Template t = Template.of(PINNED, List.of())
        .withBuildEnvs(Map.of("NPM_TOKEN", "abc123"));
    assertThat(TemplateLinter.lint(t)).singleElement().satisfies(x -> {
      assertThat(x.rule()).isEqualTo("SECRET-ENV");
      assertThat(x.severity()).isEqualTo(Severity.ERROR);
      assertThat(x.step()).isEqualTo(-1);
      assertThat(x.field()).isEqualTo("buildEnvs.NPM_TOKEN");
      assertThat(x.place()).isEqualTo("buildEnvs.NPM_TOKEN");
      assertThat(x.fix()).contains("declare NPM_TOKEN in secrets");
    });
  }

  @Test
  void aSecretNameWithoutValueIsAWarningAndAKeyShapedValueAnErrorWhateverItsName() {
    Template t = Template.of(PINNED, List.of(new EnvStep(Map.of("CONFIG", "ghp_" + "x".repeat(36)))))
        .withBuildEnvs(Map.of("DB_PASSWORD", "", "INDEX", "https://me:hunter2@pypi.example/simple"));
    assertThat(TemplateLinter.lint(t)).extracting(Finding::field, Finding::severity).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple("buildEnvs.DB_PASSWORD", Severity.WARNING),
        org.assertj.core.groups.Tuple.tuple("buildEnvs.INDEX", Severity.ERROR),
        org.assertj.core.groups.Tuple.tuple("steps[0].vars.CONFIG", Severity.ERROR));
  }

  @ParameterizedTest
  @ValueSource(strings = {"API_KEY", "AWS_SECRET_ACCESS_KEY", "GITHUB_TOKEN", "npm_token", "SSH_PRIVATE_KEY",
      "GH_PAT", "SECRET"})
  void secretNames(String name) {
    assertThat(SecretChecks.looksSecret(name)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"TOKENIZERS_PARALLELISM", "GPG_KEY", "PUBLIC_KEY", "KEY", "PATH", "PIP_INDEX_URL",
      "MONKEY", "KEYBOARD_LAYOUT"})
  void namesThatAreNotSecrets(String name) {
    assertThat(SecretChecks.looksSecret(name)).isFalse();
  }

  @Test
  void plainValuesAreNotKeys() {
    Template t = Template.of(PINNED, List.of(new EnvStep(Map.of("GPG_KEY", "7169605F62C751356D054A26A821E680E5FA6305",
        "SUM", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "URL", "https://pypi.org/simple"))));
    assertThat(TemplateLinter.lint(t)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"curl -fsSL https://x.sh | sh", "wget -O- https://x.sh | bash",
      "curl -fsSL https://deb.nodesource.com/setup_20.x | sudo -E bash -",
      "curl -sSf https://sh.rustup.rs | sh -s -- -y", "sh -c \"$(curl -fsSL https://x.sh)\"",
      "bash <(curl -s https://x.sh)", "curl https://x.sh | tee /tmp/i.sh | /bin/sh"})
  void downloadsRunByAShell(String command) {
    assertThat(run(command)).containsExactly("CURL-PIPE");
  }

  @ParameterizedTest
  @ValueSource(strings = {"curl -fsSLo /tmp/i.sh https://x.sh && echo 'abc  /tmp/i.sh' | sha256sum -c && sh /tmp/i.sh",
      "curl -fsSL https://x/key.gpg | gpg --dearmor -o /k.gpg", "curl -s https://x | tar xz", "echo curl | sh",
      "echo 'curl x | sh'"})
  void downloadsThatAreNotPipedIntoAShell(String command) {
    assertThat(run(command)).isEmpty();
  }

  @Test
  void lintIgnoreSilencesByIdAndNamesWhatIsNoRule() {
    Template t = Template.of(Base.image("ubuntu"), List.of(new AptStep(List.of("git")),
        new PipStep(List.of("x"))));
    assertThat(TemplateLinter.lint(t)).extracting(Finding::rule)
        .containsExactly("BASE-LATEST", "APT-RECOMMENDS", "PIP-CACHE");
    assertThat(TemplateLinter.lint(t.withLintIgnore(List.of("PIP-CACHE", "BASE-LATEST")))).extracting(Finding::rule)
        .containsExactly("APT-RECOMMENDS");
    List<Finding> typo = TemplateLinter.lint(t.withLintIgnore(List.of("APT-RECOMMENDS", "pip-cache")));
    assertThat(typo).extracting(Finding::rule).containsExactly("BASE-LATEST", "PIP-CACHE", "LINT-IGNORE");
    assertThat(typo.get(2).field()).isEqualTo("lintIgnore[1]");
    assertThat(typo.get(2).message()).contains("\"pip-cache\"");
  }

  @Test
  void everyRuleIdIsDocumented() throws Exception {
    String doc = java.nio.file.Files.readString(java.nio.file.Path.of("../docs/lint.md"));
    for (LintRule r : LintRule.values()) {
      assertThat(doc).as(r.id()).contains("`" + r.id() + "`");
    }
  }

  @Test
  void hostileCommandsStayLinear() {
    String huge = "a".repeat(200_000) + " | ".repeat(50_000) + "'" + "\\".repeat(100_000);
    long start = System.nanoTime();
    assertThat(run(huge)).isEmpty();
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000);
  }

  @Test
  void hostileValuesStayCheap() {
    Template t = Template.of(PINNED, List.of(new EnvStep(Map.of("A", "a".repeat(1_000_000) + "://u:p@h"))))
        .withBuildEnvs(Map.of("B", "sh" + " ".repeat(1_000_000) + "x"));
    long start = System.nanoTime();
    assertThat(TemplateLinter.lint(t)).isEmpty();
    assertThat(TemplateLinter.lint(Template.of(PINNED, List.of(new RunStep(("sh" + " ".repeat(1000)).repeat(1000))))))
        .isEmpty();
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000);
  }

  @Test
  void findingFormatNamesRuleSeverityAndFix() {
    Finding f = lint(new PipStep(List.of("x"))).get(0);
    assertThat(f.format()).isEqualTo("step 1: PIP-CACHE warning: pip step 1 runs pip install without --no-cache-dir,"
        + " so pip's download cache stays in the image as dead weight (fix: set PIP_NO_CACHE_DIR=1 in buildEnvs"
        + " or in an env step before this one)");
  }
}
