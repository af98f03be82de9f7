package dev.templatestudio.bridge.plan;

import dev.templatestudio.bridge.template.AptStep;
import dev.templatestudio.bridge.template.GitCloneStep;
import dev.templatestudio.bridge.template.NpmStep;
import dev.templatestudio.bridge.template.PipStep;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Step;
import java.util.List;
import java.util.stream.Collectors;

/** The shell command ({@code /bin/sh -c}) each command-running step executes in the image. Stateless. */
public final class StepCommands {
  private StepCommands() {}

  /** The command of {@code step}; null for steps the engine does itself (copy, env, workdir, user). */
  public static String of(Step step) {
    if (step instanceof RunStep) {
      return ((RunStep) step).command();
    }
    if (step instanceof AptStep) {
      AptStep s = (AptStep) step;
      return "apt-get update && apt-get install -y " + (s.noInstallRecommends() ? "--no-install-recommends " : "")
          + quoteAll(s.packages());
    }
    if (step instanceof PipStep) {
      return "pip install " + quoteAll(((PipStep) step).packages());
    }
    if (step instanceof NpmStep) {
      NpmStep s = (NpmStep) step;
      return "npm install " + (s.global() ? "-g " : "") + quoteAll(s.packages());
    }
    if (step instanceof GitCloneStep) {
      GitCloneStep s = (GitCloneStep) step;
      return "git clone" + (s.branch() != null ? " --branch " + quote(s.branch()) : "")
          + (s.depth() != null ? " --depth " + s.depth() : "") + " " + quote(s.url()) + " " + quote(s.path());
    }
    return null;
  }

  /** Quotes a word for a POSIX shell, only when it needs it. */
  public static String quote(String word) {
    if (!word.isEmpty() && word.matches("[A-Za-z0-9_@%+=:,./~^-]+")) {
      return word;
    }
    return "'" + word.replace("'", "'\"'\"'") + "'";
  }

  private static String quoteAll(List<String> words) {
    return words.stream().map(StepCommands::quote).collect(Collectors.joining(" "));
  }
}
