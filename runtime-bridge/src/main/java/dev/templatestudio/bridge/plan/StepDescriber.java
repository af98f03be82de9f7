package dev.templatestudio.bridge.plan;

import dev.templatestudio.bridge.dockerfile.DockerfileRenderer;
import dev.templatestudio.bridge.dockerfile.RenderedDockerfile;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.DownloadStep;
import dev.templatestudio.bridge.template.EnvStep;
import dev.templatestudio.bridge.template.Step;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.UserStep;
import dev.templatestudio.bridge.template.WorkdirStep;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The Dockerfile-like line each build step shows as its {@code step-start} message
 * ({@code FROM …}, {@code RUN pip install fastapi}): taken from the Dockerfile renderer when it
 * can render the template, so the build log and the Dockerfile preview agree. Stateless.
 */
public final class StepDescriber {
  private static final int MAX = 200;
  private static final java.util.regex.Pattern HEREDOC =
      java.util.regex.Pattern.compile("(.*?)<<-?[\"']?([A-Za-z_][A-Za-z0-9_]*)[\"']?\\s*");

  private StepDescriber() {}

  /** Messages for the base (index 0) and each step (1…N). */
  public static List<String> describe(Template template) {
    List<String> own = own(template);
    try {
      RenderedDockerfile rendered = DockerfileRenderer.renderMapped(template);
      String[] lines = rendered.text().split("\n", -1);
      List<String> out = new ArrayList<>();
      for (int i = 0; i <= template.steps().size(); i++) {
        String text = i < rendered.parts().size() ? partText(lines, rendered.parts().get(i), i == 0) : "";
        out.add(text.isBlank() ? own.get(i) : shorten(text));
      }
      return out;
    } catch (RuntimeException e) {
      // A template the renderer cannot express still builds; it is described plainly.
      return own;
    }
  }

  private static String partText(String[] lines, RenderedDockerfile.LineRange range, boolean base) {
    List<String> kept = new ArrayList<>();
    if (base) {
      // The base part holds the build stages' lines too: the final stage's FROM is its last.
      for (int n = Math.min(range.last(), lines.length); n >= range.first(); n--) {
        if (lines[n - 1].trim().startsWith("FROM")) {
          return lines[n - 1].trim();
        }
      }
      return "";
    }
    String heredoc = null;
    for (int n = range.first(); n <= range.last() && n - 1 < lines.length; n++) {
      String line = lines[n - 1].trim();
      if (heredoc != null) {
        // A heredoc body: its lines, without the closing word, read as one command.
        if (!line.equals(heredoc) && !line.isEmpty()) {
          kept.add(line);
        }
        continue;
      }
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      java.util.regex.Matcher m = HEREDOC.matcher(line);
      if (m.matches()) {
        heredoc = m.group(2);
        kept.add(m.group(1).trim());
        continue;
      }
      kept.add(line.endsWith("\\") ? line.substring(0, line.length() - 1).trim() : line);
    }
    return String.join(" ", kept);
  }

  private static List<String> own(Template template) {
    List<String> out = new ArrayList<>();
    out.add("FROM " + template.base().reference());
    for (Step s : template.steps()) {
      out.add(shorten(of(s)));
    }
    return out;
  }

  /** A plain Dockerfile-like description of one step. */
  public static String of(Step step) {
    if (step instanceof CopyStep) {
      CopyStep c = (CopyStep) step;
      return "COPY " + (c.from() != null ? "--from=" + c.from().reference() + " " : "")
          + (c.user() != null ? "--chown=" + c.user() + " " : "")
          + (c.mode() != null ? "--chmod=" + c.mode() + " " : "")
          + String.join(" ", c.sources()) + " " + c.dest();
    }
    if (step instanceof EnvStep) {
      return "ENV " + ((EnvStep) step).vars().entrySet().stream()
          .map(e -> e.getKey() + "=" + StepCommands.quote(e.getValue())).collect(Collectors.joining(" "));
    }
    if (step instanceof WorkdirStep) {
      return "WORKDIR " + ((WorkdirStep) step).path();
    }
    if (step instanceof UserStep) {
      return "USER " + ((UserStep) step).name();
    }
    if (step instanceof DownloadStep d) {
      return "ADD " + (d.checksum() != null ? "--checksum=" + d.checksum() + " " : "") + d.url() + " " + d.dest();
    }
    return "RUN " + StepCommands.of(step);
  }

  private static String shorten(String s) {
    String one = s.replace('\n', ' ');
    return one.length() <= MAX ? one : one.substring(0, MAX - 1) + "…";
  }
}
