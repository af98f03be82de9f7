package dev.templatestudio.app.studio.preview;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.fxmisc.richtext.model.StyleSpan;
import org.fxmisc.richtext.model.StyleSpans;
import org.junit.jupiter.api.Test;

class DockerfileHighlighterTest {
  /** Each styled run as "text=style". */
  private static List<String> runs(String text) {
    StyleSpans<Collection<String>> spans = DockerfileHighlighter.highlight(text);
    List<String> out = new ArrayList<>();
    int at = 0;
    for (StyleSpan<Collection<String>> s : spans) {
      if (!s.getStyle().isEmpty()) {
        out.add(text.substring(at, at + s.getLength()) + "=" + String.join(" ", s.getStyle()));
      }
      at += s.getLength();
    }
    assertThat(at).isEqualTo(text.length());
    return out;
  }

  @Test
  void instructionsCommentsStringsVariablesAndFlags() {
    assertThat(runs("# hi\nFROM python:3.12\nCOPY --chown=app app/ /app\nENV A=\"x y\" B=$A\n"))
        .containsExactly("# hi=df-comment", "FROM=df-keyword", "COPY=df-keyword", "--chown=app=df-flag",
            "ENV=df-keyword", "\"x y\"=df-string", "$A=df-variable");
  }

  @Test
  void aContinuedLineHasNoKeywordEvenIfItStartsWithOne() {
    assertThat(runs("RUN echo \\\n  run ${HOME}\n")).containsExactly("RUN=df-keyword", "${HOME}=df-variable");
  }

  @Test
  void emptyTextGivesOneEmptySpan() {
    assertThat(DockerfileHighlighter.highlight("").length()).isZero();
  }
}
