package dev.templatestudio.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.templatestudio.bridge.template.Step;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.TemplateJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns {@code --secret NAME[=env:VAR|=file:PATH]} options into secret values (CONTRACT.md §2):
 * by default from the environment variable NAME. A file's one trailing newline is dropped,
 * as editors add one. Stateless.
 */
final class SecretOptions {
  private SecretOptions() {}

  /**
   * The values of {@code options} for a template that declares the secrets {@code declared}.
   *
   * @throws CliException with exit code 2 for a secret the template does not declare: its value
   *                      would reach no step, most likely because of a typo
   */
  static Map<String, String> parse(List<String> options, List<String> declared, Map<String, String> env, Path cwd) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String option : options) {
      int eq = option.indexOf('=');
      String name = eq < 0 ? option : option.substring(0, eq);
      String source = eq < 0 ? "env:" + name : option.substring(eq + 1);
      if (name.isEmpty()) {
        throw new CliException("--secret " + option + ": the secret needs a name, as in --secret NPM_TOKEN", 2);
      }
      if (!declared.contains(name)) {
        throw new CliException("--secret " + option + ": the template has no secret " + name + "; "
            + (declared.isEmpty() ? "it declares none (\"secrets\" in the template)"
                : "it declares " + String.join(", ", declared)), 2);
      }
      if (source.startsWith("env:")) {
        String var = source.substring(4);
        String value = env.get(var);
        if (value == null) {
          throw new CliException("--secret " + option + ": the environment variable " + var + " is not set");
        }
        values.put(name, value);
      } else if (source.startsWith("file:")) {
        Path file = cwd.resolve(source.substring(5));
        if (Files.isDirectory(file)) {
          throw new CliException("--secret " + option + ": " + file + " is a folder, not a file");
        }
        try {
          String value = Files.readString(file, StandardCharsets.UTF_8);
          values.put(name, value.endsWith("\n") ? value.substring(0, value.length() - 1) : value);
        } catch (java.nio.file.NoSuchFileException e) {
          throw new CliException("--secret " + option + ": there is no file " + file);
        } catch (IOException e) {
          throw new CliException("--secret " + option + ": cannot read " + file);
        }
      } else {
        throw new CliException("--secret " + option + ": say where the value is, as NAME, "
            + "NAME=env:VAR or NAME=file:PATH", 2);
      }
    }
    return values;
  }

  /**
   * For the sentence of a failed build: the declared secrets that got no value although a step
   * refers to them ($NAME, ${NAME…}), as "; the secret S had no value (give it with --secret
   * S)", else "". Such a step saw no variable, which is the likely cause.
   */
  static String unsetHint(Template template, Map<String, String> values) {
    List<String> unset = new ArrayList<>();
    for (String name : template.secrets()) {
      if (!values.containsKey(name) && template.steps().stream().anyMatch(s -> refersTo(s, name))) {
        unset.add(name);
      }
    }
    if (unset.isEmpty()) {
      return "";
    }
    return "; the secret" + (unset.size() > 1 ? "s " : " ") + String.join(", ", unset) + " had no value (give "
        + (unset.size() > 1 ? "them" : "it") + " with --secret " + String.join(" --secret ", unset) + ")";
  }

  private static boolean refersTo(Step step, String name) {
    try {
      String json = TemplateJson.mapper().writeValueAsString(step);
      return Pattern.compile("\\$(\\{#?)?" + Pattern.quote(name) + "(?![A-Za-z0-9_])").matcher(json).find();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a step is always JSON", e);
    }
  }
}
