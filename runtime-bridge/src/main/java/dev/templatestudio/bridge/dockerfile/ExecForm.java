package dev.templatestudio.bridge.dockerfile;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON ("exec") form of RUN, CMD, ENTRYPOINT, HEALTHCHECK CMD and COPY: a JSON array of
 * strings. Like Docker, text that starts with {@code [} but is not such an array is shell form;
 * the caller warns with the place this gives. Pure; thread-safe.
 */
final class ExecForm {
  private static final JsonFactory JSON = new JsonFactory();

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
    List<String> argv = new ArrayList<>();
    String expected = "[";
    try (JsonParser parser = JSON.createParser(args)) {
      if (parser.nextToken() != JsonToken.START_ARRAY) {
        return new Parsed(null, 0, "not a JSON array");
      }
      expected = "a string in double quotes";
      JsonToken token;
      while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
        if (token != JsonToken.VALUE_STRING) {
          return new Parsed(null, offset(parser.currentTokenLocation(), args),
              "element " + (argv.size() + 1) + " is not a string");
        }
        argv.add(parser.getText());
        expected = ", or ]";
      }
      expected = "nothing after the closing ]";
      if (parser.nextToken() != null) {
        return new Parsed(null, offset(parser.currentTokenLocation(), args), "expected " + expected + " here");
      }
    } catch (JsonEOFException e) {
      return new Parsed(null, args.length(), "the array is not closed: expected " + expected
          + " at the end");
    } catch (IOException e) {
      int at = e instanceof JsonProcessingException j && j.getLocation() != null
          ? offset(j.getLocation(), args) : 0;
      int start = tokenStart(args, at);
      int before = start - 1;
      while (before >= 0 && Character.isWhitespace(args.charAt(before))) {
        before--;
      }
      // Jackson reads the comma with the element after it: what failed is then the element.
      if (before >= 0 && args.charAt(before) == ',') {
        expected = "a string in double quotes";
      }
      if (String.valueOf(e.getMessage()).contains("end-of-input")) {
        return new Parsed(null, args.length(), "the array is not closed: expected " + expected
            + " at the end");
      }
      return new Parsed(null, start, inOwnWords(e.getMessage(), expected));
    }
    return new Parsed(argv, -1, null);
  }

  /** Jackson's messages are long and cut badly: say what was wanted at that place instead. */
  private static String inOwnWords(String jackson, String expected) {
    String m = jackson == null ? "" : jackson;
    if (m.contains("Illegal unquoted character")) {
      return "a control character inside a string must be escaped (\\n, \\t …)";
    }
    if (m.contains("Unrecognized character escape")) {
      return "a backslash in a string must start an escape such as \\\\ or \\\"";
    }
    return "expected " + expected + " here";
  }

  private static int offset(JsonLocation location, String args) {
    long at = location.getCharOffset();
    return at < 0 ? 0 : (int) Math.min(args.length(), at);
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
