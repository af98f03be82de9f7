package dev.templatestudio.bridge.lint;

import dev.templatestudio.bridge.template.AptStep;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.EnvStep;
import dev.templatestudio.bridge.template.NpmStep;
import dev.templatestudio.bridge.template.PipStep;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Step;
import dev.templatestudio.bridge.template.Template;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds what makes a template slow to build or fragile (docs/lint.md): template in, findings
 * out, in document order, without the rules the template silences in {@code lintIgnore}. It
 * judges what the project itself would run: an apt, pip or npm step as the engine and the
 * Dockerfile renderer write it, a run step as its command says. Pure; any thread; linear in the
 * size of the template.
 */
public final class TemplateLinter {
  private static final List<String> LOCAL_SOURCES = List.of("oci-layout:", "docker-archive:", "rootfs:");
  private static final String PIP_NO_CACHE = "PIP_NO_CACHE_DIR";

  private TemplateLinter() {}

  /** The findings of {@code t} that it does not silence. */
  public static List<Finding> lint(Template t) {
    List<Finding> out = new ArrayList<>();
    checkBase(t.base(), out);
    SecretChecks.check(t.buildEnvs(), -1, "buildEnvs", out);
    boolean pipNoCache = isSet(t.buildEnvs().get(PIP_NO_CACHE));
    List<Step> steps = t.steps();
    // For each step, the first step after it that installs packages (0 when none does).
    int[] nextInstall = new int[steps.size()];
    for (int i = steps.size() - 2; i >= 0; i--) {
      nextInstall[i] = installsPackages(steps.get(i + 1)) ? i + 2 : nextInstall[i + 1];
    }
    for (int i = 0; i < steps.size(); i++) {
      Step step = steps.get(i);
      int n = i + 1;
      String at = "steps[" + i + "]";
      if (step instanceof RunStep s && s.command() != null) {
        RunChecks.check(s.command(), n, pipNoCache, out);
      } else if (step instanceof AptStep s && !s.noInstallRecommends()) {
        out.add(LintRule.APT_RECOMMENDS.at(n, at + ".noInstallRecommends", "apt step " + n
            + " also installs every package that the ones it names recommend, making the image bigger"
            + " and the build slower",
            "set noInstallRecommends to true and name any recommended package you need"));
      } else if (step instanceof PipStep && !pipNoCache) {
        out.add(LintRule.PIP_CACHE.at(n, at + ".packages", "pip step " + n + " runs pip install without"
            + " --no-cache-dir, so pip's download cache stays in the image as dead weight",
            "set PIP_NO_CACHE_DIR=1 in buildEnvs or in an env step before this one"));
      } else if (step instanceof EnvStep s) {
        SecretChecks.check(s.vars(), n, at + ".vars", out);
        pipNoCache |= isSet(s.vars().get(PIP_NO_CACHE));
      } else if (step instanceof CopyStep s && nextInstall[i] > 0) {
        checkCopyOrder(s, n, nextInstall[i], at, out);
      }
    }
    return silenced(t, out);
  }

  private static void checkBase(Base base, List<Finding> out) {
    if (base == null || base.image() == null || base.template() != null) {
      return;
    }
    String ref = base.image();
    if (ref.equals("scratch") || ref.contains("$") || LOCAL_SOURCES.stream().anyMatch(ref::startsWith)) {
      return;
    }
    if (ref.contains("@")) {
      return;
    }
    String last = ref.substring(ref.lastIndexOf('/') + 1);
    int colon = last.indexOf(':');
    String tag = colon < 0 ? null : last.substring(colon + 1);
    if (tag == null || tag.equals("latest")) {
      out.add(LintRule.BASE_LATEST.at(0, "base.image", "the base image " + ref
          + (tag == null ? " has no tag, so it means :latest," : " is :latest,")
          + " which moves to a new image whenever its publisher pushes one, so the same template builds"
          + " something different from one day to the next",
          "name a version tag, as " + (colon < 0 ? ref : ref.substring(0, ref.length() - 7))
              + ":1.2, or pin a digest, as " + ref + "@sha256:…"));
    } else {
      out.add(LintRule.BASE_DIGEST.at(0, "base.image", "the base image " + ref + " is pinned by a tag only,"
          + " which its publisher can move to a new image", "when builds must be reproducible, pin the"
          + " digest the tag points at today, as " + ref + "@sha256:…"));
    }
  }

  private static void checkCopyOrder(CopyStep s, int n, int install, String at, List<Finding> out) {
    for (int j = 0; j < s.sources().size(); j++) {
      if (isWholeContext(s.sources().get(j))) {
        out.add(LintRule.COPY_ORDER.at(n, at + ".sources[" + j + "]", "copy step " + n + " copies the whole"
            + " build context before step " + install + " installs packages, so a change to any file"
            + " re-runs the install instead of taking it from the cache",
            "copy only what the install needs first (such as requirements.txt or package.json), then"
                + " copy the rest after step " + install));
        return;
      }
    }
  }

  /** {@code .}, {@code ./}, {@code ./.}, {@code ""}: the context folder itself. */
  private static boolean isWholeContext(String source) {
    if (source == null) {
      return false;
    }
    String s = source.replace('\\', '/');
    while (s.endsWith("/") || s.endsWith("/.")) {
      s = s.substring(0, s.length() - (s.endsWith("/") ? 1 : 2));
    }
    while (s.startsWith("./")) {
      s = s.substring(2);
    }
    return s.isEmpty() || s.equals(".") || s.equals("*");
  }

  private static boolean installsPackages(Step step) {
    return step instanceof AptStep || step instanceof PipStep || step instanceof NpmStep
        || (step instanceof RunStep r && r.command() != null && RunChecks.installsPackages(r.command()));
  }

  private static boolean isSet(String value) {
    return value != null && !value.isEmpty();
  }

  /** Drops what {@code lintIgnore} silences; a name there that is no rule is a finding itself. */
  private static List<Finding> silenced(Template t, List<Finding> findings) {
    Set<String> ignored = new HashSet<>();
    List<Finding> unknown = new ArrayList<>();
    for (int i = 0; i < t.lintIgnore().size(); i++) {
      String id = t.lintIgnore().get(i);
      if (id != null && LintRule.byId(id).isPresent()) {
        ignored.add(id);
      } else {
        unknown.add(LintRule.LINT_IGNORE.at(-1, "lintIgnore[" + i + "]", "lintIgnore names \"" + id
            + "\", which is not a lint rule, so it silences nothing",
            "use a rule id from docs/lint.md, such as " + LintRule.APT_LISTS.id()));
      }
    }
    List<Finding> out = new ArrayList<>(findings.stream().filter(f -> !ignored.contains(f.rule())).toList());
    out.addAll(unknown);
    return out;
  }
}
