package dev.templatestudio.bridge.dockerfile;

import static dev.templatestudio.bridge.dockerfile.ImportAssertions.clean;
import static dev.templatestudio.bridge.dockerfile.ImportAssertions.diagnostic;
import static dev.templatestudio.bridge.dockerfile.ImportAssertions.imp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.GitCloneStep;
import dev.templatestudio.bridge.template.Mount;
import dev.templatestudio.bridge.template.Problem.Severity;
import dev.templatestudio.bridge.template.Ready;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Stage;
import dev.templatestudio.bridge.template.Template;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 12's import rules: stages, mounts, SHELL, ADD of URLs, ARGs in FROM, EXPOSE $VAR, Windows. */
class StagesImportTest {
  private static final String ARCH = PlatformArgs.values().get("TARGETARCH");

  @Test
  void globalArgDefaultsUseEarlierArgsInFrom() {
    Template t = clean("ARG REGISTRY=ghcr.io\nARG OWNER=acme\nARG BASE_IMAGE=$REGISTRY/$OWNER/x\n"
        + "ARG TAG=${MISSING:-3.1}\nFROM $BASE_IMAGE:$TAG\n");
    assertThat(t.base()).isEqualTo(Base.image("ghcr.io/acme/x:3.1"));
  }

  @Test
  void platformArgsAreDefinedForThisMachine() {
    Template t = clean("ARG TARGETARCH\nFROM busybox:${TARGETARCH}\nARG TARGETARCH\nARG TARGETPLATFORM\n");
    assertThat(t.base()).isEqualTo(Base.image("busybox:" + ARCH));
    assertThat(t.buildEnvs()).containsEntry("TARGETARCH", ARCH)
        .containsEntry("TARGETPLATFORM", "linux/" + ARCH + (ARCH.equals("arm") ? "/v7" : ""));
    assertThat(PlatformArgs.values("aarch64")).containsEntry("BUILDARCH", "arm64")
        .containsEntry("TARGETPLATFORM", "linux/arm64").containsEntry("TARGETVARIANT", "");
    assertThat(PlatformArgs.values("x86_64")).containsEntry("TARGETOS", "linux")
        .containsEntry("BUILDPLATFORM", "linux/amd64");
  }

  @Test
  void aDollarLeftInTheBaseIsAnErrorAtTheFrom() {
    ImportResult r = imp("ARG A=1\n  FROM \\$HOME/img\n");
    diagnostic(r, 2, 3, Severity.ERROR, "still holds a $ variable");
  }

  @Test
  void exposeOfAVariableResolvesFromEnvAndArgAbove() {
    Template env = clean("FROM node\nENV PORT=3000\nEXPOSE $PORT\nCMD node s.js\n");
    assertThat(env.start().ready()).isEqualTo(new Ready.Port(3000));
    Template arg = clean("FROM node\nARG P=4000\nENV PORT=${P}\nEXPOSE ${PORT}/tcp\nCMD node s.js\n");
    assertThat(arg.start().ready()).isEqualTo(new Ready.Port(4000));
    ImportResult unset = imp("FROM node\nEXPOSE $NOPE\nCMD x\n");
    diagnostic(unset, 2, 8, Severity.WARNING, "$NOPE is not set by an ENV or ARG above it");
  }

  @Test
  void multiStageKeepsTheStagesTheLastNeedsTransitively() {
    ImportResult r = imp("FROM alpine AS base\nRUN echo base\nFROM base AS deps\nRUN echo deps\n"
        + "FROM alpine AS lint\nRUN echo lint\nFROM alpine\nCOPY --from=deps /x /x\n");
    assertThat(r.hasErrors()).isFalse();
    diagnostic(r, 5, 1, Severity.WARNING, "stage lint is left out");
    Template t = r.template();
    assertThat(t.stages()).containsExactly(
        new Stage("base", Base.image("alpine"), List.of(new RunStep("echo base"))),
        new Stage("deps", Base.stage("base"), List.of(new RunStep("echo deps"))));
    assertThat(t.steps()).containsExactly(new CopyStep(List.of("/x"), "/x", null, null,
        Base.stage("deps"), false));
    assertThat(r.stagePlaces()).containsExactly(List.of(new ImportResult.Place(2, 1)),
        List.of(new ImportResult.Place(4, 1)));
  }

  @Test
  void theLastStageMayStartFromAnEarlierStage() {
    Template t = clean("FROM python:3.12 AS Runtime\nRUN pip install x\nFROM runtime\nRUN echo hi\n");
    assertThat(t.base()).isEqualTo(Base.stage("runtime"));
    assertThat(t.stages()).extracting(Stage::name).containsExactly("runtime");
  }

  @Test
  void copyFromAStageIndexNamesTheUnnamedStage() {
    Template t = clean("FROM alpine\nRUN touch /a\nFROM alpine\nCOPY --from=0 /a /a\n");
    assertThat(t.stages()).extracting(Stage::name).containsExactly("stage0");
    assertThat(((CopyStep) t.steps().get(0)).from()).isEqualTo(Base.stage("stage0"));
  }

  @Test
  void mountsOfEveryTypeWithRelativeTargetsTakenFromTheWorkdir() {
    Template t = clean("FROM golang AS tools\nFROM golang\nWORKDIR /src\n"
        + "RUN --mount=type=bind,from=tools,source=/go/bin,target=bin,rw"
        + " --mount=type=secret,id=tok,env=TOKEN,required=true"
        + " --mount=type=cache,target=/root/.cache,id=c,sharing=locked"
        + " --mount=type=tmpfs,target=/tmp,size=64m make\n");
    assertThat(((RunStep) t.steps().get(1)).mounts()).containsExactly(
        new Mount("bind", "/src/bin", "/go/bin", Base.stage("tools"), null, null, true, null, null, null),
        new Mount("secret", null, null, null, "tok", null, null, "TOKEN", true, null),
        new Mount("cache", "/root/.cache", null, null, "c", "locked", null, null, null, null),
        new Mount("tmpfs", "/tmp", null, null, null, null, null, null, null, "64m"));
  }

  @Test
  void aMountWithoutTargetIsAnErrorAtTheRun() {
    diagnostic(imp("FROM alpine\n RUN --mount=type=cache,id=x make\n"), 2, 2, Severity.ERROR,
        "a cache mount needs a target");
  }

  @Test
  void shellIsTheStageShellAndAfterARunIsAnErrorSayingWhatToDo() {
    Template t = clean("FROM debian\nSHELL [\"/bin/bash\", \"-c\"]\nRUN echo $BASH\n");
    assertThat(t.shell()).containsExactly("/bin/bash", "-c");
    diagnostic(imp("FROM debian\nRUN echo a\nSHELL [\"/bin/bash\", \"-c\"]\n"), 3, 1,
        Severity.ERROR, "move SHELL above the first RUN");
  }

  @Test
  void addOfAGitUrlIsAGitCloneAndASubfolderSaysWhatToDo() {
    ImportResult r = imp("FROM alpine\nADD https://github.com/o/r.git#v1 /src\n");
    diagnostic(r, 2, 5, Severity.WARNING, "keeps the .git folder");
    assertThat(r.template().steps()).containsExactly(new GitCloneStep("https://github.com/o/r.git",
        "/src", "v1", null, false));
    diagnostic(imp("FROM alpine\nADD https://github.com/o/r.git#v1:docs /src\n"), 2, 5,
        Severity.ERROR, "add the whole repository and COPY the folder");
  }

  @Test
  void aWindowsBaseIsRefusedInOneSentence() throws Exception {
    ImportResult r = DockerfileImporter.importFile(
        Path.of("src/test/resources/dockerfiles-refused/windows-escape.Dockerfile"));
    assertThat(r.diagnostics().stream().filter(Diagnostic::isError).toList()).singleElement()
        .satisfies(d -> {
          assertThat(d.line()).isEqualTo(3);
          assertThat(d.message()).contains("is a Windows image").doesNotContain("\n");
        });
  }

  @Test
  void conflictingArgValuesAcrossStagesWarn() {
    ImportResult r = imp("FROM a AS one\nARG V=1\nFROM b\nCOPY --from=one /x /x\nARG V=2\n");
    diagnostic(r, 5, 5, Severity.WARNING, "had another value in an earlier stage");
    assertThat(r.template().buildEnvs()).isEqualTo(Map.of("V", "2"));
  }

  @Test
  void everyStartInstructionOfABuildStageIsWarnedAtItsLine() {
    ImportResult r = imp("FROM node AS b\nEXPOSE 3000\nEXPOSE 3001\nCMD x\nFROM alpine\nCOPY --from=b /a /a\n");
    diagnostic(r, 2, 8, Severity.WARNING, "in a build stage and is ignored");
    diagnostic(r, 3, 8, Severity.WARNING, "in a build stage and is ignored");
    diagnostic(r, 4, 1, Severity.WARNING, "in a build stage and is ignored");
    assertThat(r.template().start()).isNull();
  }

  @Test
  void anInlineFileWithFromIsAnErrorSayingToDropTheFlag() {
    diagnostic(imp("FROM alpine AS a\nFROM alpine\nCOPY --from=a <<EOF /f\nhi\nEOF\n"), 3, 1,
        Severity.ERROR, "drop the flag");
  }

  @Test
  void aHundredThousandChainedStagesImportInLinearTime() {
    StringBuilder text = new StringBuilder("FROM alpine AS s0\n");
    for (int i = 1; i < 100_000; i++) {
      text.append("FROM s").append(i - 1).append(" AS s").append(i).append("\nCOPY --from=s0 /a /a\n");
    }
    long start = System.nanoTime();
    ImportResult r = imp(text.toString());
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertThat(r.template().stages()).hasSize(99_999);
    assertThat(r.diagnostics()).extracting(Diagnostic::message).allMatch(m -> m.startsWith("a template has"
        + " at most")).anyMatch(m -> m.contains("at most 100 build stages"));
    // A lookup per reference that scanned the stages above would take minutes here.
    assertThat(ms).isLessThan(20_000);
  }

  @Test
  void stagesRenderAsFromAsWithMountsCopiesFromShellAndAdd() {
    Template t = Template.of(Base.stage("build"), List.of(
        new CopyStep(List.of("/out/app"), "/app", "1:1", null, Base.stage("build"), false),
        new RunStep("go test ./...", null, List.of(new Mount("bind", "/tools", "/go/bin",
            Base.stage("build"), null, null, true, null, null, null),
            new Mount("secret", null, null, null, "tok", null, null, "TOKEN", true, null)), false),
        new dev.templatestudio.bridge.template.DownloadStep("https://e.org/tini", "/tini",
            "sha256:" + "ab".repeat(32), null, "0755", false)))
        .withStages(List.of(new Stage("build", Base.image("golang:1.22"), List.of("/bin/bash", "-c"),
            List.of(new RunStep("go build -o /out/app .", null, List.of(Mount.cache("/root/.cache")), false)))))
        .withShell(List.of("/bin/sh", "-ec"))
        .withBuildEnvs(Map.of("GOFLAGS", "-mod=mod"));
    String text = DockerfileRenderer.render(t);
    assertThat(text).isEqualTo("""
        FROM golang:1.22 AS build
        ARG GOFLAGS=-mod=mod
        SHELL ["/bin/bash", "-c"]
        RUN --mount=type=cache,target=/root/.cache go build -o /out/app .

        FROM build
        ARG GOFLAGS=-mod=mod
        SHELL ["/bin/sh", "-ec"]
        COPY --from=build --chown=1:1 /out/app /app
        RUN --mount=type=bind,target=/tools,source=/go/bin,from=build,rw --mount=type=secret,id=tok,env=TOKEN,required go test ./...
        ADD --checksum=sha256:%s --chmod=0755 https://e.org/tini /tini
        """.formatted("ab".repeat(32)));
    assertThat(clean(text)).isEqualTo(t);
  }
}
