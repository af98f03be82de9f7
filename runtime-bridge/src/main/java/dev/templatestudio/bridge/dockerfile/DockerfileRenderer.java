package dev.templatestudio.bridge.dockerfile;

import dev.templatestudio.bridge.dockerfile.RenderedDockerfile.LineRange;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.Ready;
import dev.templatestudio.bridge.template.Resources;
import dev.templatestudio.bridge.template.Stage;
import dev.templatestudio.bridge.template.Start;
import dev.templatestudio.bridge.template.Step;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.UserStep;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Renders a template as a Dockerfile: deterministic, and importing it again gives the same
 * template. What Docker cannot say travels in {@code # template-studio:} notes
 * (docs/DOCKERFILE.md). Pure; any thread.
 */
public final class DockerfileRenderer {
  private DockerfileRenderer() {}

  public static String render(Template template) {
    return renderMapped(template).text();
  }

  /** The Dockerfile with, for each part of the template, the lines it became. */
  public static RenderedDockerfile renderMapped(Template template) {
    StepRenderer steps = new StepRenderer();
    Set<String> stageNames = new HashSet<>();
    List<String> stageLines = new ArrayList<>();
    for (Stage stage : template.stages()) {
      if (stage != null) {
        stageLines.addAll(stageHead(template, stage, stageNames));
        stageNames.add(Blanks.text(stage.name()).toLowerCase(Locale.ROOT));
        render(steps, stage.steps(), stageLines::addAll);
        stageLines.add("");
      }
    }
    List<List<String>> parts = new ArrayList<>();
    render(steps, template.steps(), parts::add);
    parts.add(startPart(template));
    parts.add(0, basePart(template, steps.usedHeredoc(), stageLines, stageNames));

    StringBuilder text = new StringBuilder();
    List<LineRange> ranges = new ArrayList<>(parts.size());
    int line = 1;
    for (List<String> part : parts) {
      ranges.add(new LineRange(line, line + part.size() - 1));
      for (String l : part) {
        text.append(l).append('\n');
      }
      line += part.size();
    }
    return new RenderedDockerfile(text.toString(), ranges);
  }

  /** Each step's lines, to {@code sink}, with the user each RUN-as must return to. */
  private static void render(StepRenderer steps, List<Step> list, Consumer<List<String>> sink) {
    String user = "root";
    for (Step step : list) {
      if (step == null) {
        sink.accept(List.of());
        continue;
      }
      sink.accept(steps.render(step, user));
      if (step instanceof UserStep u && u.name() != null) {
        user = u.name();
      }
    }
  }

  /**
   * A build stage's FROM … AS, the build envs (an ARG is seen only in the stages that declare
   * it) and its SHELL.
   */
  private static List<String> stageHead(Template t, Stage stage, Set<String> earlier) {
    List<String> out = new ArrayList<>();
    from(stage.base(), " AS " + Blanks.text(stage.name()), earlier, out);
    args(t, out);
    shell(stage.shell(), out);
    return out;
  }

  private static List<String> basePart(Template t, boolean heredoc, List<String> stageLines,
      Set<String> stageNames) {
    List<String> out = new ArrayList<>();
    if (heredoc) {
      out.add("# syntax=docker/dockerfile:1");
    }
    if (t.name() != null) {
      out.add(TemplateNotes.line(TemplateNotes.NAME, t.name()));
    }
    if (!t.tags().isEmpty()) {
      out.add(TemplateNotes.line(TemplateNotes.TAGS, String.join(" ", Blanks.texts(t.tags()))));
    }
    if (!t.secrets().isEmpty()) {
      out.add(TemplateNotes.line(TemplateNotes.SECRETS,
          String.join(" ", Blanks.texts(t.secrets()))));
    }
    if (t.resources() != null) {
      out.add(resources(t.resources()));
    }
    if (t.force()) {
      out.add(TemplateNotes.line(TemplateNotes.FORCE_BUILD));
    }
    if (!t.lintIgnore().isEmpty()) {
      out.add(TemplateNotes.line(TemplateNotes.LINT_IGNORE,
          String.join(" ", Blanks.texts(t.lintIgnore()))));
    }
    out.addAll(stageLines);
    from(t.base(), "", stageNames, out);
    args(t, out);
    shell(t.shell(), out);
    return out;
  }

  /**
   * The FROM of a stage: the reference as is when Docker reads it back as the same base, else
   * a base note before {@code FROM scratch}. An image named like an earlier stage would be read
   * as that stage, so it takes the note too.
   */
  private static void from(Base base, String alias, Set<String> stageNames, List<String> out) {
    if (base == null) {
      out.add("FROM scratch" + alias);
      return;
    }
    String ref = base.reference();
    boolean plain = ref != null && !ref.isEmpty() && !ref.startsWith("-") && !ref.endsWith("\\")
        && ShellQuoting.isDockerPlain(ref.replace('\\', 'x').replace('"', 'x').replace('\'', 'x'))
        && base.kinds() == 1
        && base.isStage() == stageNames.contains(ref.toLowerCase(Locale.ROOT));
    if (!plain) {
      out.add(TemplateNotes.line(TemplateNotes.BASE, TemplateNotes.json(base)));
      out.add("FROM scratch" + alias);
    } else {
      if (base.isTemplate()) {
        out.add(TemplateNotes.line(TemplateNotes.FROM_TEMPLATE));
      }
      out.add("FROM " + ShellQuoting.fromReference(ref) + alias);
    }
  }

  private static void args(Template t, List<String> out) {
    for (Map.Entry<String, String> e : Blanks.texts(t.buildEnvs()).entrySet()) {
      String value = e.getValue();
      if (ShellQuoting.cannotStandOnALine(value)) {
        out.add(TemplateNotes.line(TemplateNotes.BUILD_ENV, TemplateNotes.json(value)));
        out.add("ARG " + e.getKey());
      } else if (value.isEmpty()) {
        out.add("ARG " + e.getKey());
      } else {
        out.add("ARG " + e.getKey() + "=" + ShellQuoting.dockerWord(value));
      }
    }
  }

  private static void shell(List<String> shell, List<String> out) {
    if (!shell.isEmpty()) {
      out.add("SHELL " + StepRenderer.jsonArray(Blanks.texts(shell)));
    }
  }

  private static String resources(Resources r) {
    StringBuilder line = new StringBuilder(TemplateNotes.LINE_PREFIX).append(TemplateNotes.RESOURCES);
    if (r.cpus() != null) {
      line.append(" cpus=").append(r.cpus());
    }
    if (r.memoryMb() != null) {
      line.append(" memoryMb=").append(r.memoryMb());
    }
    return line.toString();
  }

  private static List<String> startPart(Template t) {
    List<String> out = new ArrayList<>();
    Start start = t.start();
    if (start != null) {
      if (start.command() == null && start.ready() == null) {
        out.add(TemplateNotes.line(TemplateNotes.START_EMPTY));
      }
      if (start.command() != null) {
        out.add("CMD " + shellOrExec(start.command()));
      }
      Ready ready = start.ready();
      if (ready instanceof Ready.Command c && c.timeoutSeconds() == null && c.command() != null) {
        out.add("HEALTHCHECK CMD " + shellOrExec(c.command()));
      } else if (ready instanceof Ready.Port p && p.timeoutSeconds() == null
          && start.command() != null) {
        out.add("EXPOSE " + p.port());
      } else if (ready != null) {
        out.add(TemplateNotes.line(TemplateNotes.READY, TemplateNotes.json(ready)));
        if (ready instanceof Ready.Port p) {
          out.add("EXPOSE " + p.port());
        }
      }
    }
    for (Map.Entry<String, String> e : Blanks.texts(t.runtimeEnvs()).entrySet()) {
      out.add(TemplateNotes.line(TemplateNotes.RUNTIME_ENV,
          TemplateNotes.keyValue(e.getKey(), e.getValue())));
    }
    return out;
  }

  /** Shell form when the command fits on one line unchanged, else {@code ["/bin/sh","-c",…]}. */
  private static String shellOrExec(String command) {
    if (StepRenderer.isShellFormCommand(command)) {
      return command;
    }
    return "[\"/bin/sh\", \"-c\", " + TemplateNotes.json(command) + "]";
  }
}
