package dev.templatestudio.bridge.dockerfile;

import dev.templatestudio.bridge.template.AptStep;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.DownloadStep;
import dev.templatestudio.bridge.template.EnvStep;
import dev.templatestudio.bridge.template.GitCloneStep;
import dev.templatestudio.bridge.template.Mount;
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
  List<String> render(Step original, String currentUser) {
    Step step = Blanks.filled(original);
    List<String> out = new ArrayList<>();
    if (!representable(step)) {
      out.add(TemplateNotes.line(TemplateNotes.STEP, TemplateNotes.json(original)));
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
      return run(s, currentUser);
    } else if (step instanceof AptStep s) {
      return List.of("RUN apt-get update && apt-get install -y "
          + (s.noInstallRecommends() ? "--no-install-recommends " : "") + words(s.packages()));
    } else if (step instanceof PipStep s) {
      return List.of("RUN pip install " + words(s.packages()));
    } else if (step instanceof NpmStep s) {
      return List.of("RUN npm install " + (s.global() ? "-g " : "") + words(s.packages()));
    } else if (step instanceof CopyStep s) {
      return List.of(copy(s));
    } else if (step instanceof DownloadStep s) {
      return List.of(download(s));
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

  private List<String> run(RunStep s, String currentUser) {
    List<String> lines = new ArrayList<>();
    boolean asUser = s.user() != null;
    if (asUser) {
      lines.add(TemplateNotes.line(TemplateNotes.RUN_AS, s.user()));
      lines.add("USER " + s.user());
    }
    String command = s.command();
    StringBuilder run = new StringBuilder("RUN");
    for (Mount m : s.mounts()) {
      run.append(' ').append(mount(m));
    }
    // With mounts the importer recognises no idiom, so any one-line command stays one line.
    if (isShellFormCommand(command) && (!s.mounts().isEmpty() || RunIdioms.recognise(command) == null)) {
      lines.add(run + " " + command);
    } else {
      usedHeredoc = true;
      String delimiter = delimiterFor(command);
      lines.add(run + " <<" + delimiter);
      lines.addAll(List.of(command.split("\n", -1)));
      lines.add(delimiter);
    }
    if (asUser) {
      lines.add("USER " + currentUser);
    }
    return lines;
  }

  /** {@code --mount=…} with the fields in one order, defaults left out. */
  private static String mount(Mount m) {
    StringBuilder out = new StringBuilder("--mount=type=").append(m.type());
    String[][] fields = {{"target", m.target()}, {"source", m.source()},
        {"from", m.from() == null ? null : m.from().reference()}, {"id", m.id()},
        {"sharing", m.sharing()}};
    for (String[] f : fields) {
      if (f[1] != null) {
        out.append(',').append(f[0]).append('=').append(f[1]);
      }
    }
    if (Boolean.TRUE.equals(m.rw())) {
      out.append(",rw");
    }
    if (m.env() != null) {
      out.append(",env=").append(m.env());
    }
    if (Boolean.TRUE.equals(m.required())) {
      out.append(",required");
    }
    if (m.size() != null) {
      out.append(",size=").append(m.size());
    }
    return out.toString();
  }

  /** True when a mount reads back the same from its {@code --mount} flag. */
  private static boolean mountable(Mount m) {
    if (m == null || m.type() == null || !Mount.TYPES.contains(m.type())
        || (m.from() != null && (m.from().kinds() != 1 || m.from().isTemplate()))
        || (!m.type().equals("secret") && (m.env() != null || m.required() != null))
        || Boolean.FALSE.equals(m.rw()) || Boolean.FALSE.equals(m.required())) {
      return false;
    }
    for (String v : new String[] {m.target(), m.source(), m.from() == null ? null : m.from().reference(),
        m.id(), m.sharing(), m.env(), m.size()}) {
      if (v != null && (v.isEmpty() || v.chars().anyMatch(c -> c == ',' || c == '"' || c == '='
          || c == '\'' || DockerfileLexer.isBlank((char) c) || Character.isISOControl(c)))) {
        return false;
      }
    }
    return true;
  }

  /** True when {@code step} renders exactly with plain instructions and notes. */
  static boolean representable(Step step) {
    if (step instanceof RunStep s) {
      return !lostAtLineEnd(s.command()) && s.command().indexOf('\0') < 0
          && (s.user() == null || !ShellQuoting.cannotStandOnALine(s.user()))
          && s.mounts().stream().allMatch(StepRenderer::mountable)
          && (s.mounts().isEmpty() || !s.command().startsWith("["));
    } else if (step instanceof DownloadStep s) {
      // A URL that reads as a git repository would come back as a git-clone step.
      return RemoteAdd.isRemote(s.url()) && !RemoteAdd.isGit(s.url())
          && plainFlags(s.url(), s.dest(), s.user(), s.mode(), s.checksum());
    } else if (step instanceof CopyStep s) {
      return (s.user() == null || !ShellQuoting.cannotStandOnALine(s.user()))
          && (s.mode() == null || !ShellQuoting.cannotStandOnALine(s.mode()))
          && (s.from() == null || (s.from().kinds() == 1 && !s.from().isTemplate()
          && isPlainPath(s.from().reference())));
    } else if (step instanceof EnvStep s) {
      return s.vars().values().stream().noneMatch(ShellQuoting::cannotStandOnALine);
    } else if (step instanceof WorkdirStep s) {
      return !ShellQuoting.cannotStandOnALine(s.path());
    } else if (step instanceof UserStep s) {
      return !ShellQuoting.cannotStandOnALine(s.name());
    } else if (step instanceof GitCloneStep s) {
      return !ShellQuoting.cannotStandOnALine(s.url() + s.path()
          + (s.branch() == null ? "" : s.branch()));
    } else if (step instanceof AptStep || step instanceof PipStep || step instanceof NpmStep) {
      List<String> packages = step instanceof AptStep a ? a.packages()
          : step instanceof PipStep p ? p.packages() : ((NpmStep) step).packages();
      return packages.stream().noneMatch(ShellQuoting::cannotStandOnALine);
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

  private static boolean plainFlags(String... values) {
    for (String v : values) {
      if (v != null && ShellQuoting.cannotStandOnALine(v)) {
        return false;
      }
    }
    return true;
  }

  /** {@code ADD [--checksum] [--chown] [--chmod] URL DEST}. */
  private static String download(DownloadStep s) {
    StringBuilder line = new StringBuilder("ADD");
    if (s.checksum() != null) {
      line.append(" --checksum=").append(ShellQuoting.dockerWord(s.checksum()));
    }
    return files(line, s.user(), s.mode(), List.of(s.url(), s.dest()));
  }

  /** A JSON array of strings, as SHELL and the exec forms take. */
  static String jsonArray(List<String> words) {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < words.size(); i++) {
      out.append(i == 0 ? "" : ", ").append(TemplateNotes.json(words.get(i)));
    }
    return out.append(']').toString();
  }

  private static String copy(CopyStep s) {
    StringBuilder line = new StringBuilder("COPY");
    if (s.from() != null) {
      line.append(" --from=").append(s.from().reference());
    }
    List<String> all = new ArrayList<>(s.sources());
    all.add(s.dest());
    return files(line, s.user(), s.mode(), all);
  }

  /** The --chown and --chmod flags, then the words plain or as a JSON array. */
  private static String files(StringBuilder line, String user, String mode, List<String> all) {
    if (user != null) {
      line.append(" --chown=").append(ShellQuoting.dockerWord(user));
    }
    if (mode != null) {
      line.append(" --chmod=").append(ShellQuoting.dockerWord(mode));
    }
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
      return new RunStep(s.command().replace("\r", "").replace("\0", ""), null, false);
    } else if (step instanceof CopyStep s) {
      return new CopyStep(s.sources(), s.dest(), s.user() == null ? null : flatten(s.user()),
          s.mode() == null ? null : flatten(s.mode()), false);
    } else if (step instanceof DownloadStep s) {
      return new DownloadStep(flatten(s.url()), flatten(s.dest()), null,
          s.user() == null ? null : flatten(s.user()), s.mode() == null ? null : flatten(s.mode()), false);
    } else if (step instanceof AptStep s) {
      return new AptStep(flatten(s.packages()), s.noInstallRecommends(), false);
    } else if (step instanceof PipStep s) {
      return new PipStep(flatten(s.packages()), false);
    } else if (step instanceof NpmStep s) {
      return new NpmStep(flatten(s.packages()), s.global(), false);
    }
    return step;
  }

  /** Line breaks as spaces, for the best-effort instruction after a step note. */
  private static String flatten(String s) {
    return s.replace('\n', ' ').replace('\r', ' ').replace("\0", "");
  }

  private static List<String> flatten(List<String> values) {
    return values.stream().map(StepRenderer::flatten).toList();
  }
}
