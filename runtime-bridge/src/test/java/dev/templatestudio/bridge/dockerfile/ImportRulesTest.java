package dev.templatestudio.bridge.dockerfile;

import static dev.templatestudio.bridge.dockerfile.ImportAssertions.clean;
import static dev.templatestudio.bridge.dockerfile.ImportAssertions.diagnostic;
import static dev.templatestudio.bridge.dockerfile.ImportAssertions.imp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.template.AptStep;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.DownloadStep;
import dev.templatestudio.bridge.template.EnvStep;
import dev.templatestudio.bridge.template.Mount;
import dev.templatestudio.bridge.template.NpmStep;
import dev.templatestudio.bridge.template.PipStep;
import dev.templatestudio.bridge.template.Problem.Severity;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.UserStep;
import dev.templatestudio.bridge.template.WorkdirStep;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** One test (or a few) per rule of CONTRACT.md §4. */
class ImportRulesTest {

  @Nested
  class Syntax {
    @Test
    void syntaxDirectiveIsAccepted() {
      Template t = clean("# syntax=docker/dockerfile:1\nFROM alpine:3.20\n");
      assertThat(t.base()).isEqualTo(Base.image("alpine:3.20"));
    }

    @Test
    void backquoteEscapeDirectiveChangesTheContinuationCharacter() {
      Template t = clean("# escape=`\nFROM alpine\nRUN echo C:\\temp `\n"
          + "    done\n");
      assertThat(t.steps()).containsExactly(new RunStep("echo C:\\temp     done"));
    }

    @Test
    void escapeDirectiveAfterACommentIsOnlyAComment() {
      ImportResult r = imp("# a comment\n# escape=`\nFROM alpine\nRUN echo a \\\n  b\n");
      diagnostic(r, 2, 3, Severity.WARNING, "only counts at the very top");
      assertThat(r.template().steps()).containsExactly(new RunStep("echo a   b"));
    }

    @Test
    void escapeDirectiveAfterTheFirstInstructionIsOnlyAComment() {
      ImportResult r = imp("FROM alpine\n# escape=`\nRUN echo hi\n");
      diagnostic(r, 2, 3, Severity.WARNING, "escape only counts at the very top");
    }

    @Test
    void escapeDirectiveWithAnotherCharacterIsAnError() {
      diagnostic(imp("# escape=x\nFROM alpine\n"), 1, 10, Severity.ERROR, "takes \\ or `");
    }

    @Test
    void continuationDropsCommentAndEmptyLinesInside() {
      Template t = clean("FROM debian:12\nRUN apt-get update && apt-get install -y \\\n"
          + "    # the version control\n    git \\\n\n    curl\n");
      assertThat(t.steps()).containsExactly(new AptStep(List.of("git", "curl")));
    }

    @Test
    void heredocBodyIsTheRunCommand() {
      Template t = clean("FROM alpine\nRUN <<EOF\necho hi\napt-get install -y x\nEOF\n");
      assertThat(t.steps()).containsExactly(new RunStep("echo hi\napt-get install -y x"));
    }

    @Test
    void heredocWithDashStripsLeadingTabsAndQuotedDelimiterWorks() {
      Template t = clean("FROM alpine\nRUN <<-'END'\n\techo $HOME\n\tEND\n");
      assertThat(t.steps()).containsExactly(new RunStep("echo $HOME"));
    }

    @Test
    void heredocFedToAProgramKeepsTheWholeScript() {
      Template t = clean("FROM python:3.12\nRUN python3 <<EOF\nprint(1)\nEOF\nRUN echo after\n");
      assertThat(t.steps()).containsExactly(new RunStep("python3 <<EOF\nprint(1)\nEOF"),
          new RunStep("echo after"));
    }

    @Test
    void jsonFormRunIsJoinedWithShellQuoting() {
      Template t = clean("FROM alpine\nRUN [\"echo\", \"a b\", \"it's\"]\n");
      assertThat(t.steps()).containsExactly(new RunStep("echo 'a b' 'it'\\''s'"));
    }

    @Test
    void instructionsAreCaseInsensitive() {
      Template t = clean("from alpine\nRun echo hi\nworkdir /app\n");
      assertThat(t.steps()).containsExactly(new RunStep("echo hi"), new WorkdirStep("/app"));
    }
  }

  @Nested
  class FromAndArg {
    @Test
    void fromIsTheBaseImage() {
      assertThat(clean("FROM ghcr.io/o/r:tag\n").base()).isEqualTo(Base.image("ghcr.io/o/r:tag"));
    }

    @Test
    void argDefaultsAreSubstitutedInFrom() {
      Template t = clean("ARG VERSION=3.12\nARG VARIANT\nFROM python:${VERSION}-${VARIANT:-slim}\n");
      assertThat(t.base()).isEqualTo(Base.image("python:3.12-slim"));
      assertThat(t.buildEnvs()).isEmpty();
    }

    @Test
    void undeclaredVariableInFromIsAWarningAtTheImage() {
      ImportResult r = imp("FROM  python:$TAG\n");
      diagnostic(r, 1, 7, Severity.WARNING, "$TAG is not declared");
    }

    @Test
    void secondFromStartsTheNextStageAndAnUnusedStageIsLeftOutWithAWarning() {
      ImportResult r = imp("FROM golang AS build\nRUN go build\n  FROM alpine\nRUN echo no\n");
      diagnostic(r, 1, 1, Severity.WARNING, "stage build is left out");
      assertThat(r.hasErrors()).isFalse();
      assertThat(r.template().stages()).isEmpty();
      assertThat(r.template().base()).isEqualTo(Base.image("alpine"));
      assertThat(r.template().steps()).containsExactly(new RunStep("echo no"));
    }

    @Test
    void onlyArgMayComeBeforeFrom() {
      ImportResult r = imp("ENV A=1\nFROM alpine\n");
      diagnostic(r, 1, 1, Severity.ERROR, "only ARG may come before FROM");
    }

    @Test
    void argAfterFromIsABuildEnvWithItsDefaultOrEmpty() {
      Template t = clean("ARG V=1\nFROM alpine\nARG PIP_INDEX=https://pypi.org/simple\nARG EMPTY\n"
          + "ARG V\nARG Q=\"a b\"\n");
      assertThat(t.buildEnvs()).containsExactly(Map.entry("PIP_INDEX", "https://pypi.org/simple"),
          Map.entry("EMPTY", ""), Map.entry("V", "1"), Map.entry("Q", "a b"));
    }

    @Test
    void missingFromIsAnError() {
      diagnostic(imp("# just\nRUN echo\n"), 1, 1, Severity.ERROR, "");
      assertThat(imp("ARG A=1\n").diagnostics()).anyMatch(d -> d.message().contains("no FROM"));
    }
  }

  @Nested
  class RunIdiomsRules {
    @Test
    void aptUpdateAndInstallIsAnAptStep() {
      assertThat(clean("FROM debian\nRUN apt-get update && apt-get install -y git curl\n").steps())
          .containsExactly(new AptStep(List.of("git", "curl")));
    }

    @Test
    void aptNoInstallRecommendsQuietFlagsAndListCleanupAreUnderstood() {
      assertThat(clean("FROM debian\nRUN apt-get update -qq && apt-get install -yq"
          + " --no-install-recommends git && rm -rf /var/lib/apt/lists/*\n").steps())
          .containsExactly(new AptStep(List.of("git"), true, false));
    }

    @Test
    void aptWithAFlagItDoesNotUnderstandStaysARun() {
      String cmd = "apt-get update && apt-get install -y --fix-missing git";
      assertThat(clean("FROM debian\nRUN " + cmd + "\n").steps()).containsExactly(new RunStep(cmd));
    }

    @Test
    void aptWithoutYesStaysARun() {
      String cmd = "apt-get update && apt-get install git";
      assertThat(clean("FROM debian\nRUN " + cmd + "\n").steps()).containsExactly(new RunStep(cmd));
    }

    @Test
    void pipInstallOfPlainNamesIsAPipStep() {
      assertThat(clean("FROM python\nRUN pip install fastapi 'uvicorn[standard]' x==1.0\n"
          + "RUN pip3 install --no-cache-dir requests\n").steps())
          .containsExactly(new PipStep(List.of("fastapi", "uvicorn[standard]", "x==1.0")),
              new PipStep(List.of("requests")));
    }

    @Test
    void pipWithARequirementsFileOrAVariableStaysARun() {
      assertThat(clean("FROM python\nRUN pip install -r requirements.txt\nRUN pip install $PKG\n"
          + "RUN pip install flask > /dev/null\n").steps())
          .containsExactly(new RunStep("pip install -r requirements.txt"),
              new RunStep("pip install $PKG"), new RunStep("pip install flask > /dev/null"));
    }

    @Test
    void npmInstallIsAnNpmStep() {
      assertThat(clean("FROM node\nRUN npm install -g typescript\nRUN npm i left-pad\n"
          + "RUN npm install\n").steps())
          .containsExactly(new NpmStep(List.of("typescript"), true),
              new NpmStep(List.of("left-pad"), false), new RunStep("npm install"));
    }

    @Test
    void anyOtherRunIsARunStep() {
      assertThat(clean("FROM alpine\nRUN make && make install\n").steps())
          .containsExactly(new RunStep("make && make install"));
    }

    @Test
    void runMountIsKeptOnARunStepInsteadOfAnIdiom() {
      Template t = clean("FROM python\nRUN --mount=type=cache,target=/root/.cache pip install x\n");
      assertThat(t.steps()).containsExactly(new RunStep("pip install x", null,
          List.of(Mount.cache("/root/.cache")), false));
    }

    @Test
    void runMountSshIsAWarningAtTheFlag() {
      ImportResult r = imp("FROM python\nRUN --mount=type=ssh git clone x\n");
      diagnostic(r, 2, 5, Severity.WARNING, "type=ssh is left out");
      assertThat(r.template().steps()).containsExactly(new RunStep("git clone x"));
    }
  }

  @Nested
  class CopyAndAdd {
    @Test
    void copyWithChownAndChmod() {
      assertThat(clean("FROM alpine\nCOPY --chown=app:app --chmod=0755 a.sh b/ /app/\n").steps())
          .containsExactly(new CopyStep(List.of("a.sh", "b/"), "/app/", "app:app", "0755", false));
    }

    @Test
    void copyPatternsStayPatterns() {
      assertThat(clean("FROM alpine\nCOPY *.py requirements*.txt /app/\n").steps())
          .containsExactly(new CopyStep(List.of("*.py", "requirements*.txt"), "/app/"));
    }

    @Test
    void copyJsonForm() {
      assertThat(clean("FROM alpine\nCOPY [\"my file\", \"/dest dir/\"]\n").steps())
          .containsExactly(new CopyStep(List.of("my file"), "/dest dir/"));
    }

    @Test
    void copyFromAnImageInASingleStageFile() {
      assertThat(clean("FROM alpine\nCOPY --from=busybox:1.36 /bin/busybox /bin/\n").steps())
          .containsExactly(new CopyStep(List.of("/bin/busybox"), "/bin/", null, null,
              Base.image("busybox:1.36"), false));
    }

    @Test
    void localAddIsACopy() {
      assertThat(clean("FROM alpine\nADD --chown=1000 app /app\n").steps())
          .containsExactly(new CopyStep(List.of("app"), "/app", "1000", null, false));
    }

    @Test
    void addOfAUrlIsADownload() {
      assertThat(clean("FROM alpine\n\nADD --chmod=0755 https://example.com/x.tgz /opt/\n").steps())
          .containsExactly(new DownloadStep("https://example.com/x.tgz", "/opt/", null, null, "0755", false));
    }

    @Test
    void addOfALocalArchiveWarnsThatItIsNotUnpacked() {
      diagnostic(imp("FROM alpine\nADD  rootfs.tar.gz /\n"), 2, 6, Severity.WARNING, "unpacks");
    }
  }

  @Nested
  class EnvWorkdirUser {
    @Test
    void envBothForms() {
      assertThat(clean("FROM alpine\nENV A 1  2\nENV B=x C=\"y z\" D='$HOME' E=$PATH:/x\n").steps())
          .containsExactly(new EnvStep(Map.of("A", "1  2")),
              new EnvStep(Map.of("B", "x", "C", "y z", "D", "\\$HOME", "E", "$PATH:/x")));
    }

    @Test
    void envMixingFormsIsAnErrorAtTheWord() {
      diagnostic(imp("FROM alpine\nENV A=1 B\n"), 2, 9, Severity.ERROR, "has no '='");
    }

    @Test
    void workdirAndUser() {
      assertThat(clean("FROM alpine\nWORKDIR /srv\nWORKDIR app\nUSER app:app\n").steps())
          .containsExactly(new WorkdirStep("/srv"), new WorkdirStep("/srv/app"),
              new UserStep("app:app"));
    }

    @Test
    void relativeFirstWorkdirWarns() {
      ImportResult r = imp("FROM alpine\nWORKDIR  app\n");
      diagnostic(r, 2, 10, Severity.WARNING, "relative WORKDIR");
      assertThat(r.template().steps()).containsExactly(new WorkdirStep("/app"));
    }

    @Test
    void aUserAfterARunAsRunIsSkippedOnlyWhenItRestoresThePreviousUser() {
      Template t = clean("FROM a\nUSER app\n# template-studio: run-as root\nUSER root\n"
          + "RUN id\nUSER bob\nRUN whoami\n");
      assertThat(t.steps()).containsExactly(new UserStep("app"), new RunStep("id", "root", false),
          new UserStep("bob"), new RunStep("whoami"));
      assertThat(clean("FROM a\n# template-studio: run-as bob\nUSER bob\nRUN id\nUSER root\n")
          .steps()).containsExactly(new RunStep("id", "bob", false));
    }
  }

  @Nested
  class Start {
    @Test
    void jsonEntrypointAndJsonCmdJoin() {
      Template t = clean("FROM python\nENTRYPOINT [\"uvicorn\"]\nCMD [\"main:app\", \"--host\", \"0.0.0.0\"]\n");
      assertThat(t.start().command()).isEqualTo("uvicorn main:app --host 0.0.0.0");
    }

    @Test
    void jsonEntrypointWithShellCmdRunsTheCmdThroughTheShell() {
      Template t = clean("FROM alpine\nENTRYPOINT [\"tini\", \"--\"]\nCMD echo \"$HOME\"\n");
      assertThat(t.start().command()).isEqualTo("tini -- /bin/sh -c 'echo \"$HOME\"'");
    }

    @Test
    void shellEntrypointIgnoresCmd() {
      ImportResult r = imp("FROM alpine\nCMD [\"x\"]\nENTRYPOINT exec server --port 80\n");
      assertThat(r.template().start().command()).isEqualTo("exec server --port 80");
      diagnostic(r, 2, 1, Severity.WARNING, "ignored because ENTRYPOINT uses the shell form");
    }

    @Test
    void cmdAloneInEitherForm() {
      assertThat(clean("FROM alpine\nCMD python -m http.server\n").start().command())
          .isEqualTo("python -m http.server");
      assertThat(clean("FROM alpine\nCMD [\"/bin/sh\", \"-c\", \"a && b\"]\n").start().command())
          .isEqualTo("a && b");
      assertThat(clean("FROM alpine\nCMD [\"echo\", \"hello world\"]\n").start().command())
          .isEqualTo("echo 'hello world'");
    }

    @Test
    void laterCmdWinsWithAWarningOnTheEarlierOne() {
      ImportResult r = imp("FROM alpine\nCMD one\nCMD two\n");
      assertThat(r.template().start().command()).isEqualTo("two");
      diagnostic(r, 2, 1, Severity.WARNING, "only the last CMD counts");
    }

    @Test
    void healthcheckCmdIsTheReadyCommand() {
      ImportResult r = imp("FROM alpine\nCMD server\nEXPOSE 80\n"
          + "HEALTHCHECK --interval=5s CMD curl -f http://localhost/\n");
      assertThat(r.template().start()).isEqualTo(new dev.templatestudio.bridge.template.Start(
          "server", new dev.templatestudio.bridge.template.Ready.Command("curl -f http://localhost/")));
      diagnostic(r, 4, 13, Severity.WARNING, "--interval=5s");
    }

    @Test
    void healthcheckNoneLeavesThePortCheckOfExpose() {
      assertThat(clean("FROM alpine\nCMD server\nEXPOSE 80\nHEALTHCHECK CMD x\nHEALTHCHECK NONE\n")
          .start()).isEqualTo(new dev.templatestudio.bridge.template.Start("server",
              new dev.templatestudio.bridge.template.Ready.Port(80)));
    }

    @Test
    void exposeWithAStartCommandIsAPortCheckOnTheFirstPort() {
      assertThat(clean("FROM alpine\nEXPOSE 8000/tcp 9000\nCMD uvicorn main:app\n").start())
          .isEqualTo(new dev.templatestudio.bridge.template.Start("uvicorn main:app",
              new dev.templatestudio.bridge.template.Ready.Port(8000)));
    }

    @Test
    void exposeWithoutAStartCommandWarns() {
      ImportResult r = imp("FROM nginx\nEXPOSE  80\n");
      assertThat(r.template().start()).isNull();
      diagnostic(r, 2, 9, Severity.WARNING, "no CMD or ENTRYPOINT");
    }
  }

  @Nested
  class IgnoredAndUnknown {
    @Test
    void ignoredInstructionsWarnAtTheirLine() {
      ImportResult r = imp("FROM alpine\nLABEL a=b\nMAINTAINER me\n STOPSIGNAL SIGTERM\n"
          + "VOLUME /data\nONBUILD RUN x\n");
      diagnostic(r, 2, 1, Severity.WARNING, "LABEL is ignored");
      diagnostic(r, 3, 1, Severity.WARNING, "MAINTAINER is ignored");
      diagnostic(r, 4, 2, Severity.WARNING, "STOPSIGNAL is ignored");
      diagnostic(r, 5, 1, Severity.WARNING, "VOLUME is ignored");
      diagnostic(r, 6, 1, Severity.WARNING, "ONBUILD is ignored");
      assertThat(r.hasErrors()).isFalse();
      assertThat(r.template().steps()).isEmpty();
    }

    @Test
    void unknownInstructionIsAnErrorNamingIt() {
      Diagnostic d = diagnostic(imp("FROM alpine\n  RUNN echo\n"), 2, 3, Severity.ERROR,
          "unknown instruction RUNN");
      assertThat(d.format()).isEqualTo("Dockerfile:2:3: error: unknown instruction RUNN");
    }
  }
}
