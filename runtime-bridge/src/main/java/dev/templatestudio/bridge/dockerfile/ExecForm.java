package dev.templatestudio.bridge.dockerfile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON ("exec") form of RUN, CMD, ENTRYPOINT, HEALTHCHECK CMD and COPY: a JSON array of
 * strings. Like Docker, text that starts with {@code [} but is not such an array is shell form;
 * the caller warns with the place this gives. Pure; thread-safe.
 */
final class ExecForm {
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  private ExecForm() {}

  /**
   * The argument vector, or why it is not one.
   *
   * @param argv        the strings when {@code args} is a JSON array of strings, else null
   * @param errorOffset where in {@code args} the JSON went wrong (when argv is null)
   */
  record Parsed(List<String> argv, int errorOffset, String error) {}

  /** Jackson points after a bad bare token; a person wants its first character. */
  private static int tokenStart(String args, int at) {
    int i = at;
    while (i > 0 && " \t,[]{}:\"".indexOf(args.charAt(i - 1)) < 0) {
      i--;
    }
    return i;
  }

  /** True when {@code args} is meant as JSON form (it starts with {@code [}). */
  static boolean looksLikeJson(String args) {
    return args.startsWith("[");
  }

  static Parsed parse(String args) {
    JsonNode node;
    try {
      node = JSON.readTree(args);
    } catch (JsonProcessingException e) {
      int column = e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getColumnNr());
      String message = e.getOriginalMessage();
      int nl = message.indexOf('\n');
      message = nl >= 0 ? message.substring(0, nl) : message;
      return new Parsed(null, tokenStart(args, Math.min(args.length(), column - 1)),
          Diagnostics.cut(message));
    }
    if (node == null || !node.isArray()) {
      return new Parsed(null, 0, "not a JSON array");
    }
    List<String> argv = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      if (!node.get(i).isTextual()) {
        return new Parsed(null, 0, "element " + (i + 1) + " is not a string");
      }
      argv.add(node.get(i).textValue());
    }
    return new Parsed(argv, -1, null);
  }

  /**
   * An argument vector as one shell command: {@code ["/bin/sh", "-c", X]} is exactly what the
   * shell form means, so it gives X; anything else is joined with POSIX quoting.
   */
  static String toCommand(List<String> argv) {
    if (argv.size() == 3 && argv.get(0).equals("/bin/sh") && argv.get(1).equals("-c")) {
      return argv.get(2);
    }
    return ShellQuoting.joinArgv(argv);
  }
}
