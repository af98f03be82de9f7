package dev.templatestudio.bridge.dockerfile;

import dev.templatestudio.bridge.template.Problem;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.TemplateValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Imports a Dockerfile into a template by the rules of CONTRACT.md §4 and the notes of
 * docs/DOCKERFILE.md. Never throws for bad input: every problem is a {@link Diagnostic} with
 * its line and column. Linear in the size of the text. Thread-safe; call it off the FX thread
 * for big files.
 */
public final class DockerfileImporter {
  private DockerfileImporter() {}

  /** Imports Dockerfile text; {@code fileName} is the FILE of every diagnostic. */
  public static ImportResult importText(String text, String fileName) {
    return importText(text, fileName, null);
  }

  /** @param decoded how the text was decoded from a file's bytes; null for text given as such */
  static ImportResult importText(String text, String fileName, SourceText decoded) {
    Diagnostics diagnostics = new Diagnostics(fileName);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    int nul = text.indexOf('\0');
    if (nul >= 0) {
      diagnostics.error(lineOf(text, nul), 1, "this is a binary file (it holds NUL bytes), not"
          + " a Dockerfile");
      return new ImportResult(Template.of(null, List.of()), diagnostics.sorted());
    }
    if (decoded != null && decoded.latin1() != null) {
      diagnostics.warning(decoded.latin1().line(), decoded.latin1().column(), decoded.latin1Warning());
    }
    DockerfileLexer lexer = new DockerfileLexer(diagnostics);
    List<Object> nodes = lexer.lex(text);
    if (nodes.stream().noneMatch(n -> n instanceof Instruction)) {
      diagnostics.error(1, 1, "the file has no instructions; a Dockerfile starts with FROM");
    }
    ImportSession session = new ImportSession(diagnostics, lexer.escape());
    for (Object node : nodes) {
      session.accept(node);
    }
    Template template = session.finish();
    if (!diagnostics.hasErrors()) {
      validate(template, session.stages, diagnostics);
    }
    return new ImportResult(template, diagnostics.sorted(), session.places(),
        session.stages.keptPlaces());
  }

  /**
   * What the mapping let through but a template does not allow ({@code COPY ../x}, a
   * {@code --chmod} that is not octal, a user with a space): the validator's errors, each at
   * the instruction that made the step.
   */
  private static void validate(Template template, StageImport stages, Diagnostics diagnostics) {
    for (Problem p : TemplateValidator.validate(template)) {
      if (!p.isError()) {
        continue;
      }
      ImportResult.Place at = stages.placeOf(p.step(), p.field());
      at = at == null ? new ImportResult.Place(1, 1) : at;
      diagnostics.error(at.line(), at.column(), p.message());
    }
  }

  /** Reads and imports a Dockerfile, decoded as {@link #importBytes} says. */
  public static ImportResult importFile(Path file) throws IOException {
    return importBytes(Files.readAllBytes(file), file.toString());
  }

  /**
   * Imports the bytes of a Dockerfile by the one decoding rule of docs/DOCKERFILE.md: UTF-8, a
   * byte-order mark honoured; a file that is not UTF-8 is read as Latin-1 (ISO-8859-1), with a
   * warning at its first byte that is not, so a binary or legacy file still gets diagnostics
   * instead of an exception. {@code fileName} is the FILE of every diagnostic.
   */
  public static ImportResult importBytes(byte[] bytes, String fileName) {
    SourceText decoded = SourceText.decode(bytes);
    return importText(decoded.text(), fileName, decoded);
  }

  private static int lineOf(String text, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }
}
