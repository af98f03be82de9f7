package dev.templatestudio.app.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
  static Map<String, String> parse(List<String> options, List<String> declared, Map<String, String> env) {
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
        Path file = Path.of(source.substring(5));
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
}
