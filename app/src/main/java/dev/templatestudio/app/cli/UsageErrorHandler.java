package dev.templatestudio.app.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Bad usage (CONTRACT.md §2): one sentence on stderr naming the problem and where to read more,
 * as {@code template-studio import: missing DOCKERFILE; see template-studio import --help},
 * and exit 2. Picocli's own handler follows its message with the whole usage block.
 */
final class UsageErrorHandler implements CommandLine.IParameterExceptionHandler {

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine cli = e.getCommandLine();
    String command = cli.getCommandSpec().qualifiedName();
    cli.getErr().println(command + ": " + problem(e, args) + "; see " + command + " --help");
    cli.getErr().flush();
    return cli.getCommandSpec().exitCodeOnInvalidInput();
  }

  static String problem(ParameterException e, String[] args) {
    if (e instanceof MissingParameterException m && !m.getMissing().isEmpty()) {
      return missing(withLaterPositionals(m.getMissing(), m.getCommandLine().getCommandSpec()), args);
    }
    if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
      return unmatched(u);
    }
    return sentence(e.getMessage());
  }

  private static String missing(List<ArgSpec> missing, String[] args) {
    ArgSpec first = missing.get(0);
    if (first instanceof OptionSpec option && Arrays.stream(option.names()).anyMatch(Arrays.asList(args)::contains)) {
      return option.longestName() + " needs a value (" + option.paramLabel() + ")";
    }
    List<String> labels = missing.stream().map(UsageErrorHandler::label).toList();
    if (missing.size() > 1 && first.group() != null && first.group().exclusive()) {
      return "missing one of " + joined(labels, "or");
    }
    return "missing " + joined(labels, "and");
  }

  /**
   * Picocli names only the first missing positional parameter; those after it are missing too
   * (they are filled in order), and one sentence should name them all: "missing REF and COMMAND".
   */
  private static List<ArgSpec> withLaterPositionals(List<ArgSpec> missing, CommandSpec spec) {
    List<PositionalParamSpec> positionals = spec.positionalParameters();
    int first = positionals.indexOf(missing.get(0));
    if (first < 0) {
      return missing;
    }
    return positionals.subList(first, positionals.size()).stream()
        .filter(p -> p.arity().min() > 0).map(ArgSpec.class::cast).toList();
  }

  private static String unmatched(UnmatchedArgumentException u) {
    String arg = u.getUnmatched().get(0);
    List<String> suggestions = u.getSuggestions();
    String hint = suggestions.isEmpty() ? "" : " (did you mean " + joined(suggestions, "or") + "?)";
    if (u.isUnknownOption()) {
      return "unknown option " + arg + hint;
    }
    if (!u.getCommandLine().getSubcommands().isEmpty()) {
      return "unknown command " + arg + hint;
    }
    return "unexpected argument " + arg;
  }

  /** How the usage line shows an argument: {@code FILE}, {@code --format dockerfile|json|python}. */
  private static String label(ArgSpec arg) {
    if (arg instanceof OptionSpec option) {
      return option.arity().max() == 0 ? option.longestName() : option.longestName() + " " + option.paramLabel();
    }
    return arg.paramLabel();
  }

  private static String joined(List<String> items, String conjunction) {
    if (items.size() == 1) {
      return items.get(0);
    }
    return String.join(", ", items.subList(0, items.size() - 1)) + " " + conjunction + " " + items.get(items.size() - 1);
  }

  /** Picocli's message made one sentence of this one: no "Error:" or line breaks, lowercase start. */
  private static String sentence(String message) {
    String s = message.replaceFirst("^Error: ", "").strip().replaceAll("\\s*\\R\\s*", "; ");
    return s.length() > 1 && Character.isLowerCase(s.charAt(1))
        ? s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1) : s;
  }
}
