package dev.templatestudio.bridge.template;

import java.util.List;

/** Validation of one step; see {@link TemplateValidator}. */
final class StepChecks {
  private StepChecks() {}

  static void check(Step step, int n, String at, List<Problem> out) {
    if (step instanceof RunStep s) {
      if (blank(s.command())) {
        out.add(Problem.error(n, at + "command", "the command is empty"));
      }
      user(s.user(), n, at, out);
      for (int i = 0; i < s.mounts().size(); i++) {
        MountChecks.check(s.mounts().get(i), n, at + "mounts[" + i + "]", out);
      }
    } else if (step instanceof DownloadStep s) {
      MountChecks.download(s, n, at, out);
    } else if (step instanceof AptStep s) {
      packages(s.packages(), n, at, out);
    } else if (step instanceof PipStep s) {
      packages(s.packages(), n, at, out);
    } else if (step instanceof NpmStep s) {
      packages(s.packages(), n, at, out);
    } else if (step instanceof CopyStep s) {
      copy(s, n, at, out);
    } else if (step instanceof GitCloneStep s) {
      if (blank(s.url())) {
        out.add(Problem.error(n, at + "url", "the repository URL is empty"));
      }
      absolute(s.path(), n, at + "path", out);
      if (s.depth() != null && s.depth() < 1) {
        out.add(Problem.error(n, at + "depth", "depth must be 1 or more"));
      }
      if (s.branch() != null && (s.branch().isBlank() || s.branch().startsWith("-"))) {
        out.add(Problem.error(n, at + "branch", "branch \"" + s.branch() + "\" is not a branch name"));
      }
    } else if (step instanceof EnvStep s) {
      if (s.vars().isEmpty()) {
        out.add(Problem.error(n, at + "vars", "no variables are set"));
      }
      TemplateValidator.checkEnvNames(s.vars(), n, at + "vars", out);
    } else if (step instanceof WorkdirStep s) {
      absolute(s.path(), n, at + "path", out);
    } else if (step instanceof UserStep s) {
      if (blank(s.name())) {
        out.add(Problem.error(n, at + "name", "the user name is empty"));
      } else if (!TemplateValidator.isUser(s.name())) {
        out.add(Problem.error(n, at + "name", "\"" + s.name() + "\" is not a user[:group]"));
      }
    }
  }

  private static void copy(CopyStep s, int n, String at, List<Problem> out) {
    if (s.from() != null) {
      MountChecks.from(s.from(), n, at + "from", out);
    }
    if (s.sources().isEmpty()) {
      out.add(Problem.error(n, at + "sources", "no source to copy"));
    }
    for (int i = 0; i < s.sources().size(); i++) {
      String src = s.sources().get(i);
      if (blank(src)) {
        out.add(Problem.error(n, at + "sources[" + i + "]", "a source is empty"));
      } else if (s.from() == null && !TemplateValidator.staysInContext(src)) {
        out.add(Problem.error(n, at + "sources[" + i + "]", "source \"" + src
            + "\" is outside the build context; use a path inside the context folder"));
      } else if (GlobPattern.problem(src.replace('\\', '/')) != null) {
        out.add(Problem.error(n, at + "sources[" + i + "]", "source \"" + src + "\" is not a valid pattern: "
            + GlobPattern.problem(src.replace('\\', '/'))));
      }
    }
    if (blank(s.dest())) {
      out.add(Problem.error(n, at + "dest", "the destination is empty"));
    }
    mode(s.mode(), n, at, out);
    user(s.user(), n, at, out);
  }

  static void mode(String mode, int n, String at, List<Problem> out) {
    if (mode != null && !TemplateValidator.isMode(mode)) {
      out.add(Problem.error(n, at + "mode", "mode \"" + mode + "\" is not octal like 0755"));
    }
  }

  private static void packages(List<String> packages, int n, String at, List<Problem> out) {
    if (packages.isEmpty()) {
      out.add(Problem.error(n, at + "packages", "the package list is empty"));
    }
    for (int i = 0; i < packages.size(); i++) {
      String p = packages.get(i);
      if (!TemplateValidator.isPackageName(p)) {
        out.add(Problem.error(n, at + "packages[" + i + "]", "\"" + p
            + "\" is not a package name (no spaces, quotes, shell characters or leading '-')"));
      }
    }
  }

  static void user(String user, int n, String at, List<Problem> out) {
    if (user != null && !TemplateValidator.isUser(user)) {
      out.add(Problem.error(n, at + "user", "\"" + user + "\" is not a user[:group]"));
    }
  }

  private static void absolute(String path, int n, String field, List<Problem> out) {
    if (blank(path)) {
      out.add(Problem.error(n, field, "the path is empty"));
    } else if (!path.startsWith("/") && !path.startsWith("$")) {
      // "$HOME/app" is as legal as in a Dockerfile: the variable is expanded in the image.
      out.add(Problem.error(n, field, "path \"" + path
          + "\" must be absolute (start with / or a variable such as $HOME)"));
    }
  }

  static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
