package dev.templatestudio.bridge.docker;

import dev.templatestudio.bridge.io.OutputLines;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Hands on whole lines per stream ({@code stdout}, {@code stderr}): the engine's frames split
 * output anywhere. Lines are cut as the embedded runtime cuts a step's ({@link OutputLines}: at
 * most 16 KiB each), so output without line breaks takes bounded memory. One thread (the one
 * reading the frames).
 */
final class FrameLines implements BiConsumer<String, String> {
  private final BiConsumer<String, String> output;
  private final Map<String, OutputLines> pending = new HashMap<>();

  FrameLines(BiConsumer<String, String> output) {
    this.output = output;
  }

  @Override
  public void accept(String stream, String text) {
    pending.computeIfAbsent(stream, s -> new OutputLines(line -> output.accept(s, line))).accept(text);
  }

  /** Hands on what is left after the last line end. */
  void flush() {
    pending.values().forEach(OutputLines::end);
    pending.clear();
  }
}
