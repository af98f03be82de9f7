package dev.templatestudio.bridge.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A run step's command cut into pipelines of simple commands, the way {@code sh} would cut it
 * closely enough for lint: quotes and backslashes are honoured, {@code && || ; & newline} end a
 * pipeline, {@code |} joins its commands, a word starting with {@code #} comments out the rest
 * of the line, and wrappers ({@code sudo}, {@code env}, {@code exec}, {@code VAR=value}) are
 * skipped to the program. Subshells and heredoc bodies are not parsed; one pass over the text.
 */
final class ShellCommands {
  private static final Set<String> WRAPPERS = Set.of("sudo", "env", "exec", "command", "nohup", "time");
  /** Flags of {@code sudo} and {@code env} that take the next word ({@code sudo -u app pip …}). */
  private static final Set<String> WRAPPER_VALUE_FLAGS = Set.of("-u", "-g", "-C", "-D", "-h", "-U", "-r",
      "-t", "--user", "--group", "--unset", "--chdir");

  /** One command: its program (the base name, without wrappers) and its words after it. */
  record Simple(String program, List<String> args, List<String> assignments) {
    /** The first argument that is not a flag, or "" ({@code install} in {@code apt-get -y install x}). */
    String subcommand(Set<String> flagsWithValue) {
      for (int i = 0; i < args.size(); i++) {
        String a = args.get(i);
        if (flagsWithValue.contains(a)) {
          i++;
        } else if (!a.startsWith("-")) {
          return a;
        }
      }
      return "";
    }
  }

  private ShellCommands() {}

  /** The pipelines of {@code command}, in order; each holds its simple commands in order. */
  static List<List<Simple>> pipelines(String command) {
    List<List<Simple>> pipelines = new ArrayList<>();
    List<Simple> pipeline = new ArrayList<>();
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    int n = command.length();
    for (int i = 0; i < n; i++) {
      char c = command.charAt(i);
      if (c == '\\' && i + 1 < n) {
        if (command.charAt(i + 1) != '\n') {
          word.append(command.charAt(i + 1));
          inWord = true;
        }
        i++;
      } else if (c == '\'' || c == '"') {
        int close = command.indexOf(c, i + 1);
        close = close < 0 ? n : close;
        word.append(command, i + 1, close);
        inWord = true;
        i = close;
      } else if (c == '#' && !inWord) {
        int nl = command.indexOf('\n', i);
        i = (nl < 0 ? n : nl) - 1;
      } else if (c == ' ' || c == '\t' || c == '\r') {
        inWord = endWord(words, word, inWord);
      } else if (c == '|' || c == '&' || c == ';' || c == '\n') {
        inWord = endWord(words, word, inWord);
        endCommand(pipeline, words);
        boolean pipe = c == '|' && (i + 1 >= n || command.charAt(i + 1) != '|');
        if (!pipe) {
          endPipeline(pipelines, pipeline);
          pipeline = new ArrayList<>();
          if (i + 1 < n && (c == '|' || c == '&') && command.charAt(i + 1) == c) {
            i++;
          }
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    endWord(words, word, inWord);
    endCommand(pipeline, words);
    endPipeline(pipelines, pipeline);
    return pipelines;
  }

  /** Every simple command of {@code command}, in order. */
  static List<Simple> all(String command) {
    return pipelines(command).stream().flatMap(List::stream).toList();
  }

  private static boolean endWord(List<String> words, StringBuilder word, boolean inWord) {
    if (inWord) {
      words.add(word.toString());
      word.setLength(0);
    }
    return false;
  }

  private static void endCommand(List<Simple> pipeline, List<String> words) {
    List<String> assignments = new ArrayList<>();
    int i = 0;
    while (i < words.size()) {
      String w = words.get(i);
      if (WRAPPERS.contains(w)) {
        i++;
        while (i < words.size() && words.get(i).startsWith("-")) {
          i += WRAPPER_VALUE_FLAGS.contains(words.get(i)) ? 2 : 1;
        }
      } else if (isAssignment(w)) {
        assignments.add(w);
        i++;
      } else {
        break;
      }
    }
    if (i < words.size()) {
      String program = words.get(i);
      program = program.substring(program.lastIndexOf('/') + 1);
      pipeline.add(new Simple(program, List.copyOf(words.subList(i + 1, words.size())), assignments));
    } else if (!assignments.isEmpty()) {
      pipeline.add(new Simple("", List.of(), assignments));
    }
    words.clear();
  }

  private static void endPipeline(List<List<Simple>> pipelines, List<Simple> pipeline) {
    if (!pipeline.isEmpty()) {
      pipelines.add(pipeline);
    }
  }

  private static boolean isAssignment(String w) {
    int eq = w.indexOf('=');
    if (eq <= 0) {
      return false;
    }
    for (int i = 0; i < eq; i++) {
      char c = w.charAt(i);
      if (!(c == '_' || Character.isLetter(c) || (i > 0 && Character.isDigit(c)))) {
        return false;
      }
    }
    return true;
  }
}
