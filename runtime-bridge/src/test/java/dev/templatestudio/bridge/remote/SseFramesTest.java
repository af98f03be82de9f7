package dev.templatestudio.bridge.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading Server-Sent Events as the EventSource rules say. */
class SseFramesTest {

  @Test
  void framesEndAtBlankLinesAndCommentsAreSkipped() throws IOException {
    List<SseFrames.Frame> frames = read("""
        : keep-alive

        id: 1
        data: {"seq":1}

        id: 2
        data:two
        data: lines
        retry: 100

        data: no id

        id: 9
        data: cut short""");
    assertThat(frames).containsExactly(
        new SseFrames.Frame("1", "{\"seq\":1}"),
        new SseFrames.Frame("2", "two\nlines"),
        new SseFrames.Frame(null, "no id"));
  }

  private static List<SseFrames.Frame> read(String text) throws IOException {
    BufferedReader r = new BufferedReader(new StringReader(text));
    List<SseFrames.Frame> frames = new ArrayList<>();
    SseFrames.read(r::readLine, frames::add);
    return frames;
  }
}
