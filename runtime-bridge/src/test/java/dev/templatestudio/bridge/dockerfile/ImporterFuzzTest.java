package dev.templatestudio.bridge.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.junit.jupiter.api.Test;

/**
 * Feeds random and mutated Dockerfile text to the importer: it must never throw and never take
 * long, and whatever it gives must render. The number of inputs comes from the system property {@code fuzz.tries}: 1,000 in the
 * normal build, 100,000 with {@code -Pfuzz}. Inputs come from jqwik generators; a failing input
 * is printed escaped, ready to paste into a test.
 */
class ImporterFuzzTest {
  private static final long SLOWEST_ALLOWED_NANOS = 2_000_000_000L;
  private static final List<String> TOKENS = List.of("FROM ", "from ", "RUN ", "COPY ", "ADD ",
      "ENV ", "ARG ", "WORKDIR ", "USER ", "CMD ", "ENTRYPOINT ", "HEALTHCHECK ", "EXPOSE ",
      "LABEL ", "ONBUILD ", "SHELL ", "NONE", "CMD", "alpine", "python:3.12", " ", "\t", "\n",
      "\r\n", "\r", "\\", "\\\n", "`", "`\n", "# escape=`\n", "# escape=\\\n", "# syntax=x\n", "#",
      "\"", "'", "$", "${", "}", "${A:-b}", "=", "A=1", "[", "]", "[\"a\", \"b\"]", ",", "<<EOF",
      "<<-EOF", "<<'EOF'", "EOF", "\tEOF", "--from=x", "--chown=", "--mount=type=cache", "-y",
      "apt-get update && apt-get install -y git", "pip install x", "npm install -g y", "&&",
      "# template-studio: ", "step ", "{\"type\":\"run\",\"command\":\"x\"}", "run-as u",
      "git-clone", "force", "ready ", "runtime-env A=\"", "\u0000", "\uFEFF", "ü", "😀", "\ud800",
      "8000/tcp", "-", "--", "AS");

  @Test
  void importerNeverThrowsNorHangs() throws IOException {
    int tries = Integer.getInteger("fuzz.tries", 1000);
    List<String> seeds = seeds();
    Iterator<String> inputs = inputs(seeds).sampleStream().iterator();
    long slowest = 0;
    long started = System.nanoTime();
    for (int i = 0; i < tries; i++) {
      String input = inputs.next();
      long t0 = System.nanoTime();
      ImportResult r;
      try {
        r = DockerfileImporter.importText(input, "fuzz");
      } catch (RuntimeException | StackOverflowError e) {
        throw new AssertionError("the importer threw on input " + escaped(input), e);
      }
      long took = System.nanoTime() - t0;
      slowest = Math.max(slowest, took);
      assertThat(took).as("nanoseconds for input %s", escaped(input)).isLessThan(SLOWEST_ALLOWED_NANOS);
      assertThat(r.template()).isNotNull();
      try {
        DockerfileRenderer.renderMapped(r.template());
        PythonRenderer.render(r.template());
      } catch (RuntimeException e) {
        throw new AssertionError("a renderer threw on the import of " + escaped(input), e);
      }
      assertThat(r.diagnostics()).allSatisfy(d -> {
        assertThat(d.line()).isPositive();
        assertThat(d.column()).isPositive();
      });
    }
    System.out.printf("fuzz: %d inputs in %.1f s, slowest %.2f ms%n", tries,
        (System.nanoTime() - started) / 1e9, slowest / 1e6);
  }

  private static Arbitrary<String> inputs(List<String> seeds) {
    Arbitrary<String> tokens = Arbitraries.of(TOKENS).list().ofMaxSize(40)
        .map(l -> String.join("", l));
    Arbitrary<String> chars = Arbitraries.strings().all().ofMaxLength(200);
    Arbitrary<String> mutated = Combinators.combine(Arbitraries.of(seeds), Arbitraries.longs(),
        Arbitraries.integers().between(1, 8)).as(ImporterFuzzTest::mutate);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, tokens), net.jqwik.api.Tuple.of(1, chars),
        net.jqwik.api.Tuple.of(4, mutated));
  }

  /** The realistic Dockerfiles and some rendered ones, to mutate. */
  private static List<String> seeds() throws IOException {
    List<String> out = new ArrayList<>();
    try (var files = Files.list(Path.of("src/test/resources/dockerfiles"))) {
      files.sorted().forEach(f -> {
        try {
          out.add(Files.readString(f));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
    TemplateArbitraries.template().sampleStream().limit(20)
        .forEach(t -> out.add(DockerfileRenderer.render(t)));
    return out;
  }

  private static String mutate(String text, long seed, int edits) {
    Random random = new Random(seed);
    StringBuilder s = new StringBuilder(text);
    for (int e = 0; e < edits; e++) {
      int at = s.length() == 0 ? 0 : random.nextInt(s.length());
      int len = Math.min(s.length() - at, random.nextInt(12));
      switch (random.nextInt(4)) {
        case 0 -> s.insert(at, TOKENS.get(random.nextInt(TOKENS.size())));
        case 1 -> s.delete(at, at + len);
        case 2 -> s.insert(at, s.substring(at, at + len));
        default -> {
          if (s.length() > 0) {
            s.setCharAt(at, (char) random.nextInt(0x3000));
          }
        }
      }
    }
    return s.toString();
  }

  private static String escaped(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c > 0x7e) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
