package dev.templatestudio.bridge.dockerfile;

import static dev.templatestudio.bridge.dockerfile.ImportAssertions.diagnostic;
import static dev.templatestudio.bridge.dockerfile.ImportAssertions.imp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.template.Problem.Severity;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.UserStep;
import org.junit.jupiter.api.Test;

/** {@code COPY <<EOF DEST} (CONTRACT.md §4: heredocs for COPY) becomes a run step that writes the file. */
class InlineCopyTest {

  @Test
  void aCopyHeredocIsARunStepThatWritesTheFileWithAWarningAtTheMarker() {
    ImportResult r = imp("FROM alpine\nCOPY <<EOF /etc/motd\nhello $NAME\nEOF\n");
    assertThat(r.template().steps()).containsExactly(new RunStep("set -e\nmkdir -p /etc\n"
        + "cat > /etc/motd <<EOF\nhello $NAME\nEOF"));
    assertThat(r.diagnostics()).hasSize(1);
    diagnostic(r, 2, 6, Severity.WARNING, "COPY <<EOF is imported as a run step that writes /etc/motd: "
        + "a template has no step for a file written inline");
  }

  @Test
  void aQuotedDelimiterKeepsTheTextAsWrittenAndOptionsBecomeChownAndChmodRunAsRoot() {
    ImportResult r = imp("FROM alpine\nUSER app\nCOPY --chown=app:app --chmod=0755 <<'SH' /usr/local/bin/hi\n"
        + "#!/bin/sh\necho \"$(date) `id` $HOME\"\nSH\n");
    assertThat(r.template().steps()).containsExactly(new UserStep("app"), new RunStep("set -e\n"
        + "mkdir -p /usr/local/bin\ncat > /usr/local/bin/hi <<'SH'\n#!/bin/sh\necho \"$(date) `id` $HOME\"\nSH\n"
        + "chown app:app /usr/local/bin/hi\nchmod 0755 /usr/local/bin/hi", "root", false));
  }

  @Test
  void anUnquotedDelimiterExpandsVariablesButRunsNoCommand() {
    ImportResult r = imp("FROM alpine\nCOPY <<-EOF motd\n\t$A ${B:-b} $(date) `id` \\$C \\`x\nEOF\n");
    assertThat(r.template().steps()).containsExactly(new RunStep(
        "cat > motd <<EOF\n$A ${B:-b} \\$(date) \\`id\\` \\$C \\`x\nEOF"));
  }

  @Test
  void severalInlineFilesGoIntoTheDestinationFolderUnderTheirDelimiters() {
    ImportResult r = imp("FROM alpine\nCOPY <<robots.txt <<'a$b' /srv/$SITE/\nUser-agent: *\n"
        + "robots.txt\nhi\na$b\n");
    assertThat(r.template().steps()).containsExactly(new RunStep("set -e\nmkdir -p \"/srv/$SITE/\"\n"
        + "cat > \"/srv/$SITE/robots.txt\" <<robots.txt\nUser-agent: *\nrobots.txt\n"
        + "cat > \"/srv/$SITE/a\\$b\" <<'EOF'\nhi\nEOF"));
    diagnostic(r, 2, 6, Severity.WARNING, "writes /srv/$SITE/robots.txt and /srv/$SITE/a\\$b");
  }

  @Test
  void theShellDelimiterAvoidsLinesDashWouldMangle() {
    ImportResult r = imp("FROM alpine\nCOPY <<'EOF' /m\nEü\nEOF\n");
    assertThat(r.template().steps()).containsExactly(new RunStep("cat > /m <<'AEOF'\nEü\nAEOF"));
  }

  @Test
  void whatAnInlineCopyCannotHoldIsAnError() {
    diagnostic(imp("FROM alpine\nCOPY <<a <<b /srv\nA\na\nB\nb\n"), 2, 14, Severity.ERROR,
        "more than one inline file needs a destination folder ending in /");
    diagnostic(imp("FROM alpine\nCOPY <<a app.py /srv/\nA\na\n"), 2, 6, Severity.ERROR,
        "both inline files (heredocs) and files of the build context");
    diagnostic(imp("FROM alpine\nCOPY <<a\nA\na\n"), 2, 6, Severity.ERROR, "needs a destination");
    diagnostic(imp("FROM alpine\nCOPY <<EOF /x\nA\n"), 2, 6, Severity.ERROR, "never closed");
  }

  @Test
  void theRunStepRendersAndImportsBackTheSame() {
    ImportResult first = imp("FROM alpine\nUSER app\nCOPY --chmod=600 <<'EOF' /etc/motd\nhello\nEOF\n");
    String rendered = DockerfileRenderer.render(first.template());
    ImportResult again = imp(rendered);
    assertThat(again.diagnostics()).as(rendered).isEmpty();
    assertThat(again.template()).isEqualTo(first.template());
  }
}
