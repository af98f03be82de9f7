package dev.templatestudio.bridge.lint;

import dev.templatestudio.bridge.lint.ShellCommands.Simple;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The rules about what a run step's command does. Pure. */
final class RunChecks {
  private static final Set<String> APT = Set.of("apt-get", "apt", "aptitude");
  private static final Set<String> APT_VALUE_FLAGS = Set.of("-o", "-t", "-c", "--option", "--target-release");
  private static final Set<String> UPGRADES = Set.of("upgrade", "dist-upgrade", "full-upgrade", "safe-upgrade");
  private static final Pattern PIP = Pattern.compile("pip[0-9.]*");
  private static final Pattern PYTHON = Pattern.compile("python[0-9.]*");
  private static final Set<String> PIP_VALUE_FLAGS = Set.of("--index-url", "-i", "--extra-index-url",
      "--target", "-t", "--prefix", "--root", "-c", "--constraint", "--cache-dir", "--log", "--proxy");
  private static final Set<String> SHELLS = Set.of("sh", "bash", "dash", "zsh", "ash", "ksh", "mksh");
  private static final Set<String> DOWNLOADERS = Set.of("curl", "wget");
  /** {@code sh -c "$(curl …)"} and {@code bash <(wget …)}: a download run as a script without a pipe. */
  private static final Pattern SUBSTITUTED = Pattern.compile(
      "\\b(?:ba|da|z|k)?sh\\s++(?:-c\\s++)?[\"']?(?:\\$\\(|<\\(|`)\\s*+(?:curl|wget)\\b");
  /** Package managers whose install reads files a copy brought in. */
  private static final Set<String> INSTALLERS = Set.of("npm", "yarn", "pnpm", "poetry", "uv", "bundle",
      "composer", "gem", "cargo", "go");
  private static final Set<String> INSTALL_WORDS = Set.of("install", "i", "ci", "add", "sync", "fetch", "download");

  private RunChecks() {}

  /**
   * The findings of run step {@code step} (1-based) with {@code command}.
   *
   * @param pipNoCache true when PIP_NO_CACHE_DIR is set for this step by a build env or an env step
   */
  static void check(String command, int step, boolean pipNoCache, List<Finding> out) {
    String field = "steps[" + (step - 1) + "].command";
    List<List<Simple>> pipelines = ShellCommands.pipelines(command);
    List<Simple> all = pipelines.stream().flatMap(List::stream).toList();
    boolean aptInstall = false;
    boolean recommendsOff = command.contains("APT::Install-Recommends");
    boolean recommendsFlagged = false;
    boolean upgradeFlagged = false;
    boolean pipFlagged = false;
    boolean listsRemoved = all.stream().anyMatch(RunChecks::removesAptLists);
    for (Simple s : all) {
      if (s.program().equals("export") && s.args().stream().anyMatch(a -> a.startsWith("PIP_NO_CACHE_DIR"))) {
        pipNoCache = true;
      }
      if (APT.contains(s.program())) {
        String sub = s.subcommand(APT_VALUE_FLAGS);
        if (sub.equals("install")) {
          aptInstall = true;
          if (!recommendsOff && !recommendsFlagged && !s.args().contains("--no-install-recommends")) {
            recommendsFlagged = true;
            out.add(LintRule.APT_RECOMMENDS.at(step, field, "step " + step + " runs " + s.program()
                + " install without --no-install-recommends, which also installs every package the"
                + " ones named recommend, making the image bigger and the build slower",
                "add --no-install-recommends after " + s.program() + " install"));
          }
        } else if (UPGRADES.contains(sub) && !upgradeFlagged) {
          upgradeFlagged = true;
          out.add(LintRule.APT_UPGRADE.at(step, field, "step " + step + " runs " + s.program() + " " + sub
              + ", which makes the image depend on the day it was built and breaks the cache's promise"
              + " that the same steps give the same image",
              "remove the " + sub + " and use a newer base image (or one pinned by digest) instead"));
        }
      }
      if (!pipFlagged && isPipInstall(s) && !pipNoCache && !s.args().contains("--no-cache-dir")
          && s.assignments().stream().noneMatch(a -> a.startsWith("PIP_NO_CACHE_DIR="))) {
        pipFlagged = true;
        out.add(LintRule.PIP_CACHE.at(step, field, "step " + step + " runs pip install without --no-cache-dir,"
            + " so pip's download cache stays in the image as dead weight",
            "add --no-cache-dir after pip install, or set PIP_NO_CACHE_DIR=1 in buildEnvs"));
      }
    }
    if (aptInstall && !listsRemoved) {
      out.add(LintRule.APT_LISTS.at(step, field, "step " + step + " installs with apt but does not remove"
          + " /var/lib/apt/lists in the same step, so apt's package lists (tens of MB) stay in its layer",
          "end the command with && rm -rf /var/lib/apt/lists/*"));
    }
    if (pipesDownloadIntoShell(pipelines) || SUBSTITUTED.matcher(command).find()) {
      out.add(LintRule.CURL_PIPE.at(step, field, "step " + step + " runs a script straight from the network,"
          + " so whatever the server sends that day (or an attacker on the way) runs in the build unchecked",
          "download the script to a file, check it against a known sha256 (sha256sum -c), then run it"));
    }
  }

  /** True when the command installs packages with a package manager (apt, pip, npm, yarn, …). */
  static boolean installsPackages(String command) {
    for (Simple s : ShellCommands.all(command)) {
      if (APT.contains(s.program()) && s.subcommand(APT_VALUE_FLAGS).equals("install")) {
        return true;
      }
      if (isPipInstall(s)) {
        return true;
      }
      if (INSTALLERS.contains(s.program())) {
        String sub = s.subcommand(Set.of());
        if (INSTALL_WORDS.contains(sub) || (s.program().equals("yarn") && sub.isEmpty())
            || (s.program().equals("go") && sub.equals("mod"))) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isPipInstall(Simple s) {
    List<String> args = s.args();
    if (PYTHON.matcher(s.program()).matches()) {
      int m = args.indexOf("-m");
      if (m < 0 || m + 1 >= args.size() || !PIP.matcher(args.get(m + 1)).matches()) {
        return false;
      }
      args = args.subList(m + 2, args.size());
    } else if (!PIP.matcher(s.program()).matches()) {
      return false;
    }
    return new Simple("pip", args, List.of()).subcommand(PIP_VALUE_FLAGS).equals("install");
  }

  private static boolean removesAptLists(Simple s) {
    return s.program().equals("rm") && s.args().stream().anyMatch(a -> a.startsWith("/var/lib/apt/lists"));
  }

  private static boolean pipesDownloadIntoShell(List<List<Simple>> pipelines) {
    for (List<Simple> pipeline : pipelines) {
      boolean downloaded = false;
      for (Simple s : pipeline) {
        if (downloaded && SHELLS.contains(s.program())) {
          return true;
        }
        downloaded |= DOWNLOADERS.contains(s.program());
      }
    }
    return false;
  }
}
