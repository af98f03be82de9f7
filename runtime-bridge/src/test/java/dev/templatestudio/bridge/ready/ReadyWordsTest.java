package dev.templatestudio.bridge.ready;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.template.Ready;
import org.junit.jupiter.api.Test;

class ReadyWordsTest {
  @Test
  void aFailureIsSaidPerCheckLeavingPathsAndUrlsAsTheyAre() {
    assertThat(ReadyWords.failed(new Ready.File("/app/exists.flag", null), ReadyWords.NO_ANSWER))
        .isEqualTo("file /app/exists.flag did not appear");
    assertThat(ReadyWords.failed(new Ready.Url("http://localhost:8000/answered", null, null), ReadyWords.NO_ANSWER))
        .isEqualTo("http://localhost:8000/answered did not answer");
    assertThat(ReadyWords.failed(new Ready.Process("runs-succeeded", null), ReadyWords.NO_ANSWER))
        .isEqualTo("process runs-succeeded did not run");
    assertThat(ReadyWords.failed(new Ready.Port(8000, null), ReadyWords.NO_ANSWER)).isEqualTo("port 8000 did not answer");
  }
}
