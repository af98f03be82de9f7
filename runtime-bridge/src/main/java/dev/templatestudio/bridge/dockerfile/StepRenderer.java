package dev.templatestudio.bridge.dockerfile;

import dev.templatestudio.bridge.template.AptStep;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.EnvStep;
import dev.templatestudio.bridge.template.GitCloneStep;
import dev.templatestudio.bridge.template.NpmStep;
import dev.templatestudio.bridge.template.PipStep;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Step;
import dev.templatestudio.bridge.template.UserStep;
import dev.templatestudio.bridge.template.WorkdirStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Renders one step as Dockerfile lines that the importer reads back as the same step. A step
 * Docker syntax cannot hold exactly (a line break in an ENV value, say) gets a
 * {@code # template-studio: step JSON} note before a best-effort instruction. Not thread-safe:
 * one instance per rendering.
 */
final class StepRenderer {
  private boolean usedHeredoc;

  /** True when some rendered step used a heredoc, which needs the Dockerfile 1.4+ syntax. */
  boolean usedHeredoc() {
    return usedHeredoc;
  }

  /** The lines of {@code step}; {@code currentUser} is who runs it (for RUN as another user). */
  List<String> render(Step step, String currentUser) {
    List<String> out = new ArrayList<>();
    if (!representable(step)) {
      out.add(TemplateNotes.line(TemplateNotes.STEP, TemplateNotes.json(step)));
      out.addAll(plain(flattened(step.withForce(false)), currentUser, true));
      return out;
    }
    if (step.force()) {
      out.add(TemplateNotes.line(TemplateNotes.FORCE));
    }
    out.addAll(plain(step, currentUser, false));
    return out;
  }

  private List<String> plain(Step step, String currentUser, boolean bestEffort) {
    if (step instanceof RunStep s) {
      return run(s, currentUser, bestEffort);
    } else if (step instanceof AptStep s) {
      return List.of("RUN apt-get update && apt-get install -y "
          + (s.noInstallRecommends() ? "--no-install-recommends " : "") + words(s.packages()));
    } else if (step instanceof PipStep s) {
      return List.of("RUN pip install " + words(s.packages()));
    } else if (step instanceof NpmStep s) {
      return List.of("RUN npm install " + (s.global() ? "-g " : "") + words(s.packages()));
    } else if (step instanceof CopyStep s) {
      return List.of(copy(s));
    } else if (step instanceof GitCloneStep s) {
      List<String> lines = new ArrayList<>();
      if (!bestEffort) {
        lines.add(TemplateNotes.line(TemplateNotes.GIT_CLONE));
      }
      lines.add("RUN " + gitClone(s));
      return lines;
    } else if (step instanceof EnvStep s) {
      StringBuilder line = new StringBuilder("ENV");
      for (Map.Entry<String, String> e : s.vars().entrySet()) {
        line.append(' ').append(e.getKey()).append('=')
            .append(ShellQuoting.dockerWord(flatten(e.getValue())));
      }
      return List.of(line.toString());
    } else if (step instanceof WorkdirStep s) {
      return List.of("WORKDIR " + ShellQuoting.dockerWord(flatten(s.path())));
    } else if (step instanceof UserStep s) {
      return List.of("USER " + ShellQuoting.dockerWord(flatten(s.name())));
    }
    throw new IllegalArgumentException("unknown step type " + step.getClass());
  }

  private List<String> run(RunStep s, String currentUser, boolean bestEffort) {
    List<String> lines = new ArrayList<>();
    boolean asUser = s.user() != null && !bestEffort;
    if (asUser) {
      lines.add(TemplateNotes.line(TemplateNotes.RUN_AS, s.user()));
      lines.add("USER " + s.user());
    }
    String command = s.command();
    if (isShellFormCommand(command) && RunIdioms.recognise(command) == null) {
      lines.add("RUN " + command);
    } else {
      usedHeredoc = true;
      String delimiter = delimiterFor(command);
      lines.add("RUN <<" + delimiter);
      lines.addAll(List.of(command.split("\n", -1)));
      lines.add(delimiter);
    }
    if (asUser) {
      lines.add("USER " + currentUser);
    }
    return lines;
  }

  /** True when {@code step} renders exactly with plain instructions and notes. */
  static boolean representable(Step step) {
    if (step instanceof RunStep s) {
      return !lostAtLineEnd(s.command());
    } else if (step instanceof EnvStep s) {
      return s.vars().values().stream().noneMatch(ShellQuoting::hasLineBreakingControl);
    } else if (step instanceof WorkdirStep s) {
      return !ShellQuoting.hasLineBreakingControl(s.path());
    } else if (step instanceof UserStep s) {
      return !ShellQuoting.hasLineBreakingControl(s.name());
    } else if (step instanceof GitCloneStep s) {
      return !ShellQuoting.hasLineBreakingControl(s.url() + s.path()
          + (s.branch() == null ? "" : s.branch()));
    } else if (step instanceof AptStep || step instanceof PipStep || step instanceof NpmStep) {
      List<String> packages = step instanceof AptStep a ? a.packages()
          : step instanceof PipStep p ? p.packages() : ((NpmStep) step).packages();
      return packages.stream().noneMatch(ShellQuoting::hasLineBreakingControl);
    }
    return true;
  }

  /** A carriage return before a line end is dropped when a Dockerfile is read. */
  private static boolean lostAtLineEnd(String command) {
    return command.endsWith("\r") || command.contains("\r\n");
  }

  /** True when a command can follow RUN, CMD or HEALTHCHECK CMD on one line, unchanged. */
  static boolean isShellFormCommand(String command) {
    if (command.isEmpty() || command.startsWith("[") || command.startsWith("--")
        || command.endsWith("\\") || command.contains("<<") || !command.equals(trimBlanks(command))) {
      return false;
    }
    for (int i = 0; i < command.length(); i++) {
      char c = command.charAt(i);
      if (c != '\t' && Character.isISOControl(c)) {
        return false;
      }
    }
    return true;
  }

  /** Strips spaces and tabs, the blanks Docker trims from an instruction's arguments. */
  static String trimBlanks(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) {
      start++;
    }
    while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
      end--;
    }
    return s.substring(start, end);
  }

  private static String delimiterFor(String body) {
    List<String> lines = List.of(body.split("\n", -1));
    String delimiter = "EOF";
    for (int n = 1; lines.contains(delimiter); n++) {
      delimiter = "EOF" + n;
    }
    return delimiter;
  }

  private static String copy(CopyStep s) {
    StringBuilder line = new StringBuilder("COPY");
    if (s.user() != null) {
      line.append(" --chown=").append(ShellQuoting.dockerWord(s.user()));
    }
    if (s.mode() != null) {
      line.append(" --chmod=").append(ShellQuoting.dockerWord(s.mode()));
    }
    List<String> all = new ArrayList<>(s.sources());
    all.add(s.dest());
    if (all.stream().allMatch(StepRenderer::isPlainPath)) {
      for (String w : all) {
        line.append(' ').append(w);
      }
      return line.toString();
    }
    line.append(" [");
    for (int i = 0; i < all.size(); i++) {
      line.append(i == 0 ? "" : ", ").append(TemplateNotes.json(ShellQuoting.dockerBare(all.get(i))));
    }
    return line.append(']').toString();
  }

  private static boolean isPlainPath(String w) {
    return !w.isEmpty() && ShellQuoting.isDockerPlain(w) && !w.startsWith("-")
        && !w.startsWith("[") && !w.startsWith("<<");
  }

  private static String gitClone(GitCloneStep s) {
    StringBuilder cmd = new StringBuilder("git clone");
    if (s.branch() != null) {
      cmd.append(" --branch ").append(ShellQuoting.posix(s.branch()));
    }
    if (s.depth() != null) {
      cmd.append(" --depth ").append(s.depth());
    }
    if (s.url().startsWith("-")) {
      cmd.append(" --");
    }
    return cmd.append(' ').append(ShellQuoting.posix(s.url())).append(' ')
        .append(ShellQuoting.posix(s.path())).toString();
  }

  private static String words(List<String> packages) {
    StringBuilder out = new StringBuilder();
    for (String p : packages) {
      if (out.length() > 0) {
        out.append(' ');
      }
      out.append(ShellQuoting.posix(p));
    }
    return out.toString();
  }

  /** The step with line breaks in its one-line fields made spaces, for a best-effort line. */
  private static Step flattened(Step step) {
    if (step instanceof GitCloneStep s) {
      return new GitCloneStep(flatten(s.url()), flatten(s.path()),
          s.branch() == null ? null : flatten(s.branch()), s.depth(), false);
    } else if (step instanceof RunStep s) {
      return new RunStep(s.command().replace("\r", ""), s.user(), false);
    }
    return step;
  }

  /** Line breaks as spaces, for the best-effort instruction after a step note. */
  private static String flatten(String s) {
    return s.replace('\n', ' ').replace('\r', ' ');
  }
}
