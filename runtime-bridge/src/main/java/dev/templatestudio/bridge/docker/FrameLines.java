package dev.templatestudio.bridge.docker;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Hands on whole lines per stream ({@code stdout}, {@code stderr}): the engine's frames split
 * output anywhere. One thread (the one reading the frames).
 */
final class FrameLines implements BiConsumer<String, String> {
  private final BiConsumer<String, String> output;
  private final Map<String, StringBuilder> pending = new HashMap<>();

  FrameLines(BiConsumer<String, String> output) {
    this.output = output;
  }

  @Override
  public void accept(String stream, String text) {
    StringBuilder b = pending.computeIfAbsent(stream, s -> new StringBuilder()).append(text);
    for (int nl = b.indexOf("\n"); nl >= 0; nl = b.indexOf("\n")) {
      output.accept(stream, b.substring(0, nl));
      b.delete(0, nl + 1);
    }
  }

  /** Hands on what is left after the last line end. */
  void flush() {
    pending.forEach((stream, rest) -> {
      if (rest.length() > 0) {
        output.accept(stream, rest.toString());
      }
    });
    pending.clear();
  }
}
