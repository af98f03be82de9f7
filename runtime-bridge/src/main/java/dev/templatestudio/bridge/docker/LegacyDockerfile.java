package dev.templatestudio.bridge.docker;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.templatestudio.bridge.dockerfile.DockerfileRenderer;
import dev.templatestudio.bridge.dockerfile.RenderedDockerfile;
import dev.templatestudio.bridge.dockerfile.RenderedDockerfile.LineRange;
import dev.templatestudio.bridge.plan.BuildScope;
import dev.templatestudio.bridge.plan.StepCanon;
import dev.templatestudio.bridge.template.Step;
import dev.templatestudio.bridge.template.Template;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The template's Dockerfile as Docker's legacy builder reads it, and how many instructions each
 * part of the template became, so that Docker's "Step N/M" can be mapped back to a template
 * step. The legacy builder knows no heredocs: a heredoc RUN becomes
 * {@code RUN ["/bin/sh", "-c", BODY]}, which runs the same script. The build envs' ARG lines
 * move to the first step that uses them (see {@link #firstStepUsingBuildEnvs}); their defaults
 * are their values, which Docker expands as the embedded runtime does; the build's
 * {@code buildargs} give only the values an ARG line cannot hold. Immutable.
 *
 * @param counts instructions per part: index 0 the base, i step i, the last the start part
 */
record LegacyDockerfile(String text, List<Integer> counts) {
  /** A label whose value changes every build, set before the first forced step to miss the cache from there. */
  static final String FORCE_LABEL = "dev.templatestudio.force";
  private static final Pattern HEREDOC_RUN = Pattern.compile("RUN <<(\\S+)");

  /**
   * Renders {@code template}; {@code forcedFrom} is the first step that must miss the cache
   * (-1 for none) and {@code buildId} makes its label unique.
   */
  static LegacyDockerfile of(Template template, int forcedFrom, String buildId) {
    RenderedDockerfile rendered = DockerfileRenderer.renderMapped(template);
    String[] lines = rendered.text().split("\n", -1);
    int argsAt = firstStepUsingBuildEnvs(template);
    List<String> args = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    List<Integer> counts = new ArrayList<>();
    for (int p = 0; p < rendered.parts().size(); p++) {
      LineRange range = rendered.parts().get(p);
      int count = 0;
      if (p == argsAt) {
        args.forEach(a -> text.append(a).append('\n'));
        count += args.size();
      }
      if (p == forcedFrom) {
        text.append("LABEL ").append(FORCE_LABEL).append('=').append(buildId).append('\n');
        count++;
      }
      for (int l = range.first(); l <= range.last(); l++) {
        String line = lines[l - 1];
        if (p == 0 && argsAt > 0 && line.startsWith("ARG ")) {
          args.add(line);
          continue;
        }
        Matcher heredoc = HEREDOC_RUN.matcher(line);
        if (heredoc.matches()) {
          List<String> body = new ArrayList<>();
          while (!lines[l].equals(heredoc.group(1))) {
            body.add(lines[l++]);
          }
          l++;
          text.append("RUN [\"/bin/sh\", \"-c\", ").append(json(String.join("\n", body))).append("]\n");
          count++;
        } else if (line.startsWith("#") || line.isBlank()) {
          // Notes and the syntax directive say nothing to the legacy builder; they are kept for people.
          text.append(line.startsWith("# syntax=") ? "" : line + "\n");
        } else {
          text.append(line).append('\n');
          count++;
        }
      }
      counts.add(count);
    }
    return new LegacyDockerfile(text.toString(), List.copyOf(counts));
  }

  /**
   * The first step that runs a command or has a word with a variable, or -1. The ARG lines move
   * there from after FROM: build envs are part of the cache key of command steps only
   * (StepCanon) and of steps whose words they change, so in Docker too a changed value must not
   * make the copy, env, workdir or user steps before it miss; from there on, the words see them.
   */
  private static int firstStepUsingBuildEnvs(Template template) {
    for (int i = 1; i <= template.steps().size(); i++) {
      Step step = template.steps().get(i - 1);
      if (step != null && (StepCanon.runsCommands(step) || BuildScope.usesVariables(step))) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The part (0 = base, i = step i) that Docker's instruction {@code n} (1-based) belongs to;
   * {@code counts.size()} for instructions Docker adds after the Dockerfile's (its labels).
   */
  int partOf(int n) {
    int seen = 0;
    for (int p = 0; p < counts.size(); p++) {
      seen += counts.get(p);
      if (n <= seen) {
        return p;
      }
    }
    return counts.size();
  }

  /** The number of the part's last instruction (1-based); 0 when it has none and nothing came before. */
  int lastOf(int part) {
    int seen = 0;
    for (int p = 0; p <= part && p < counts.size(); p++) {
      seen += counts.get(p);
    }
    return seen;
  }

  private static String json(String s) {
    try {
      return DockerHttp.JSON.writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
