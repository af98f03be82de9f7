package dev.templatestudio.bridge.dockerfile;

import static dev.templatestudio.bridge.dockerfile.ImportAssertions.diagnostic;
import static dev.templatestudio.bridge.dockerfile.ImportAssertions.imp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.Problem.Severity;
import dev.templatestudio.bridge.template.RunStep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Input as users really give it: each a clear diagnostic with a line, never an exception or a hang. */
class BadInputTest {
  private static final Duration QUICK = Duration.ofSeconds(5);

  @Test
  void emptyFile() {
    ImportResult r = imp("");
    diagnostic(r, 1, 1, Severity.ERROR, "no instructions");
    assertThat(r.template()).isNotNull();
    diagnostic(imp("\n\n# only a comment\n"), 1, 1, Severity.ERROR, "no instructions");
  }

  @Test
  void binaryFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("Dockerfile");
    Files.write(file, new byte[] {'F', 'R', 'O', 'M', ' ', 'x', '\n', (byte) 0xff, 0x00, 0x13,
        (byte) 0x89, 'P', 'N', 'G'});
    ImportResult r = DockerfileImporter.importFile(file);
    assertThat(r.diagnostics()).hasSize(1);
    diagnostic(r, 2, 1, Severity.ERROR, "binary file");
    assertThat(r.diagnostics().get(0).file()).isEqualTo(file.toString());
  }

  @Test
  void fiveMegabyteSingleLine() {
    String huge = "x".repeat(5 * 1024 * 1024);
    ImportResult run = assertTimeoutPreemptively(QUICK,
        () -> imp("FROM alpine\nRUN echo " + huge + "\n"));
    assertThat(run.diagnostics()).isEmpty();
    assertThat(((RunStep) run.template().steps().get(0)).command()).hasSize(huge.length() + 5);

    ImportResult junk = assertTimeoutPreemptively(QUICK, () -> imp(huge));
    Diagnostic d = diagnostic(junk, 1, 1, Severity.ERROR, "unknown instruction xxxx");
    assertThat(d.message()).hasSizeLessThan(100);

    String quotes = "FROM alpine\nENV A=" + "\"'".repeat(2 * 1024 * 1024) + "\n";
    assertThat(assertTimeoutPreemptively(QUICK, () -> imp(quotes)).hasErrors()).isTrue();
  }

  @Test
  void heredocThatNeverEnds() {
    ImportResult r = imp("FROM alpine\nRUN  <<EOF\necho one\necho two\n");
    diagnostic(r, 2, 6, Severity.ERROR, "heredoc is never closed");
    assertThat(r.template().steps()).containsExactly(new RunStep("echo one\necho two"));
  }

  @Test
  void jsonFormCmdWithBrokenJson() {
    ImportResult r = imp("FROM alpine\nCMD [\"uvicorn\", main:app]\n");
    Diagnostic d = diagnostic(r, 2, 17, Severity.WARNING, "not a JSON array of strings");
    assertThat(d.message()).contains("Docker runs it as a shell command");
    assertThat(r.template().start().command()).isEqualTo("[\"uvicorn\", main:app]");
  }

  @Test
  void unterminatedQuote() {
    diagnostic(imp("FROM alpine\nENV GREETING=\"hello world\n"), 2, 14, Severity.ERROR,
        "double quote is never closed");
    diagnostic(imp("FROM alpine\nWORKDIR '/my app\n"), 2, 9, Severity.ERROR,
        "single quote is never closed");
    diagnostic(imp("ARG V\nFROM python:${V\n"), 2, 13, Severity.ERROR, "never closed");
  }

  @Test
  void crlfLineEndsReadLikeLf() {
    String lf = "FROM alpine\nRUN echo a \\\n  b\nRUN <<EOF\nx\nEOF\nCMD run\n";
    ImportResult crlf = imp(lf.replace("\n", "\r\n"));
    assertThat(crlf.diagnostics()).isEmpty();
    assertThat(crlf.template()).isEqualTo(imp(lf).template());
  }

  @Test
  void byteOrderMark() {
    ImportResult r = imp("\uFEFF# syntax=docker/dockerfile:1\nFROM alpine\n");
    assertThat(r.diagnostics()).isEmpty();
    assertThat(r.template().base()).isEqualTo(Base.image("alpine"));
  }

  @Test
  void escapeDirectiveAfterTheFirstInstruction() {
    ImportResult r = imp("FROM alpine\n# escape=`\nRUN echo `\n");
    diagnostic(r, 2, 3, Severity.WARNING, "only counts at the very top");
    assertThat(r.template().steps()).containsExactly(new RunStep("echo `"));
  }

  @Test
  void garbageProducesABoundedListOfDiagnostics() {
    String lines = "nonsense here\n".repeat(10_000);
    ImportResult r = assertTimeoutPreemptively(QUICK, () -> imp(lines));
    assertThat(r.diagnostics()).hasSize(Diagnostics.LIMIT + 1);
    assertThat(r.diagnostics().get(Diagnostics.LIMIT).message()).contains("more problems");
  }

  @Test
  void brokenNotesAreDiagnosticsNotExceptions() {
    ImportResult r = imp("# template-studio: step {nope\nFROM alpine\n# template-studio: ready 12\n"
        + "# template-studio: resources cpus=many\n# template-studio: wat\nRUN x\n");
    diagnostic(r, 1, 1, Severity.ERROR, "does not hold a step");
    diagnostic(r, 3, 1, Severity.ERROR, "does not hold a ready check");
    diagnostic(r, 4, 1, Severity.WARNING, "cpus=many");
    diagnostic(r, 5, 1, Severity.WARNING, "unknown template-studio note");
  }
}
