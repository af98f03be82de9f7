package dev.templatestudio.bridge.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.template.RunStep;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The run step a {@code COPY <<EOF} becomes writes, when /bin/sh runs it, the file Docker
 * would: the body exactly under a quoted delimiter, and no command run under an unquoted one;
 * and it renders and imports back as the same step.
 */
class InlineFilesPropertyTest {
  private static final List<String> PIECES = List.of("a", "Z", "0", " ", "\t", "\"", "'", "#", "[", "<<",
      "<<EOF", "EOF", "EOF ", ">", "-", "--", "=", ":", "/", ".", "ü", "中", "😀", "&&", ";", "|", "*", "`",
      "`touch ran`", "$(touch ran)", "FROM x", "RUN y", "\u00a0", "\f", "E", "Eü", "EOFü");
  private static final List<String> EXPANDING = List.of("$", "\\", "\\$", "${X}", "$HOME", "\\\\");

  @Provide
  Arbitrary<String> plainBodies() {
    return bodies(PIECES);
  }

  @Provide
  Arbitrary<String> bodies() {
    return bodies(Stream.concat(PIECES.stream(), EXPANDING.stream()).toList());
  }

  private static Arbitrary<String> bodies(List<String> pieces) {
    Arbitrary<String> line = Arbitraries.of(pieces).list().ofMaxSize(6).map(l -> String.join("", l))
        .filter(l -> !l.equals("EOF"));
    return line.list().ofMaxSize(5).map(lines -> lines.stream().map(l -> l + "\n").reduce("", String::concat));
  }

  @Property(tries = 100, edgeCases = EdgeCasesMode.FIRST)
  void aQuotedDelimiterWritesTheBodyExactly(@ForAll("bodies") String body) throws Exception {
    assertThat(written("<<'EOF'", body)).isEqualTo(body);
  }

  @Property(tries = 100, edgeCases = EdgeCasesMode.FIRST)
  void anUnquotedDelimiterRunsNoCommandAndKeepsTextWithoutDollarsOrBackslashes(@ForAll("plainBodies") String body)
      throws Exception {
    assertThat(written("<<EOF", body)).isEqualTo(body);
  }

  /** Imports {@code COPY MARKER DIR/sub-dir/f}, checks the round trip, runs the step, returns the file. */
  private static String written(String marker, String body) throws Exception {
    Path dir = Files.createTempDirectory("inline");
    try {
      Path file = dir.resolve("sub-dir/f");
      ImportResult r = DockerfileImporter.importText("FROM alpine\nCOPY " + marker + " " + file + "\n"
          + body + "EOF\n", "Dockerfile");
      assertThat(r.diagnostics()).allMatch(d -> !d.isError());
      RunStep step = (RunStep) r.template().steps().get(0);
      String rendered = DockerfileRenderer.render(r.template());
      assertThat(DockerfileImporter.importText(rendered, "rendered").template()).as(rendered).isEqualTo(r.template());
      Process sh = new ProcessBuilder("/bin/sh", "-c", step.command()).directory(dir.toFile())
          .redirectErrorStream(true).start();
      String output = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(sh.waitFor()).as(step.command() + "\n" + output).isZero();
      assertThat(dir.resolve("ran")).as(step.command()).doesNotExist();
      return Files.readString(file, StandardCharsets.UTF_8);
    } finally {
      try (Stream<Path> all = Files.walk(dir)) {
        all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
