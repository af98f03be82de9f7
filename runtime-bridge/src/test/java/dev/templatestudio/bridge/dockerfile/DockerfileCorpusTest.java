package dev.templatestudio.bridge.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.template.Stage;
import dev.templatestudio.bridge.template.Template;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus of issue 12: Dockerfiles in the shapes of common public ones (multi-stage Go, Rust,
 * Node, Python with uv, distroless finals, ARG-built bases, heredocs, SHELL, ADD of URLs, COPY
 * --from an image, every mount type, platform ARGs, EXPOSE $PORT). Each imports without an
 * error, every instruction lands in the template or is warned about at its line, and the round
 * trip is exact.
 */
class DockerfileCorpusTest {
  private static final Path DIR = Path.of("src/test/resources/dockerfiles-corpus");
  private static final Set<String> STEPS = Set.of("RUN", "COPY", "ADD", "ENV", "WORKDIR", "USER");
  private static final Set<String> START = Set.of("CMD", "ENTRYPOINT", "HEALTHCHECK", "EXPOSE");

  static Stream<Path> corpus() throws IOException {
    return Files.list(DIR).filter(p -> p.toString().endsWith(".Dockerfile")).sorted();
  }

  @Test
  void theCorpusHasTwentyFiveFiles() throws IOException {
    assertThat(corpus().count()).isGreaterThanOrEqualTo(25);
  }

  @ParameterizedTest
  @MethodSource("corpus")
  void importsWithoutErrorsAndRoundTripsExactly(Path file) throws Exception {
    ImportResult first = ResourceDockerfilesTest.assertRoundTrips(file);
    assertThat(PythonRenderer.render(first.template())).contains("Template.build(builder");
  }

  @ParameterizedTest
  @MethodSource("corpus")
  void everyInstructionIsRepresentedOrWarnedAtItsLine(Path file) throws Exception {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    ImportResult r = DockerfileImporter.importText(text, file.toString());
    Template t = r.template();
    List<Instruction> all = new DockerfileLexer(new Diagnostics("x")).lex(text).stream()
        .filter(Instruction.class::isInstance).map(Instruction.class::cast).toList();
    Set<Integer> stepLines = new HashSet<>();
    r.stepPlaces().forEach(p -> stepLines.add(p.line()));
    r.stagePlaces().forEach(list -> list.forEach(p -> stepLines.add(p.line())));
    long froms = all.stream().filter(i -> kw(i).equals("FROM")).count();
    int fromsSeen = 0;
    boolean dropped = false;
    int dropCount = 0;
    for (int k = 0; k < all.size(); k++) {
      Instruction ins = all.get(k);
      int end = k + 1 < all.size() ? all.get(k + 1).line() - 1 : Integer.MAX_VALUE;
      boolean warned = r.diagnostics().stream().anyMatch(d -> d.line() >= ins.line() && d.line() <= end);
      String kw = kw(ins);
      boolean last = fromsSeen == froms;
      String where = file.getFileName() + ":" + ins.line() + " " + kw;
      if (kw.equals("FROM")) {
        fromsSeen++;
        dropped = warned && r.diagnostics().stream().anyMatch(d -> d.line() == ins.line()
            && d.message().contains("is left out"));
        dropCount += dropped ? 1 : 0;
        continue;
      }
      if (dropped && fromsSeen > 0) {
        continue;
      }
      if (STEPS.contains(kw)) {
        assertThat(stepLines.contains(ins.line()) || warned).as(where).isTrue();
      } else if (kw.equals("ARG")) {
        assertThat(fromsSeen == 0 || t.buildEnvs().keySet().stream()
            .anyMatch(ins.args()::contains)).as(where).isTrue();
      } else if (kw.equals("SHELL")) {
        assertThat(!t.shell().isEmpty() || t.stages().stream().anyMatch(s -> !s.shell().isEmpty()))
            .as(where).isTrue();
      } else if (START.contains(kw)) {
        assertThat(last && t.start() != null || warned).as(where).isTrue();
      } else {
        assertThat(warned).as(where).isTrue();
      }
    }
    assertThat(t.stages()).as(file.toString()).hasSize((int) froms - 1 - dropCount);
    for (Stage s : t.stages()) {
      assertThat(s.name()).isNotBlank();
    }
  }

  private static String kw(Instruction i) {
    return i.keyword().toUpperCase(Locale.ROOT);
  }
}
