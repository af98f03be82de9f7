package dev.templatestudio.app.cli;

import java.util.List;

/**
 * The message of a failed build's {@code build-end}: a sentence on its first line, and after it,
 * when the sentence ends announcing it ("…failed with exit code 3:"), the last lines of output it
 * quotes (of the failed step or of the start command).
 */
final class FailureMessage {
  private FailureMessage() {}

  /**
   * The failure as one sentence: the message's first line, and when that line only announces
   * what follows ("…before it was ready:"), the last line of the output it announced.
   */
  static String sentence(String message) {
    if (message == null || message.isBlank()) {
      return "no reason given";
    }
    List<String> lines = message.strip().lines().filter(l -> !l.isBlank()).toList();
    String first = lines.get(0).strip();
    if (first.endsWith(":") && lines.size() > 1) {
      return first + " " + lines.get(lines.size() - 1).strip();
    }
    return first;
  }

  /** The output lines the message quotes after its first line; none when it quotes none. */
  static List<String> output(String message) {
    if (message == null || message.isBlank()) {
      return List.of();
    }
    return message.strip().lines().skip(1).toList();
  }
}
