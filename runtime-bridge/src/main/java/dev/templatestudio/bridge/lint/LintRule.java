package dev.templatestudio.bridge.lint;

import dev.templatestudio.bridge.lint.Finding.Severity;
import java.util.Arrays;
import java.util.Optional;

/** Every lint rule, with the id users silence it by (docs/lint.md lists them). */
public enum LintRule {
  APT_LISTS("APT-LISTS", Severity.WARNING,
      "apt-get install in a run step without rm -rf /var/lib/apt/lists/* in the same step"),
  APT_RECOMMENDS("APT-RECOMMENDS", Severity.WARNING,
      "apt install without --no-install-recommends (an apt step without noInstallRecommends)"),
  APT_UPGRADE("APT-UPGRADE", Severity.WARNING, "apt-get upgrade, dist-upgrade or full-upgrade in a step"),
  PIP_CACHE("PIP-CACHE", Severity.WARNING, "pip install without --no-cache-dir or PIP_NO_CACHE_DIR"),
  BASE_LATEST("BASE-LATEST", Severity.WARNING, "a base image with no tag or the tag latest, and no digest"),
  BASE_DIGEST("BASE-DIGEST", Severity.INFO, "a base image with a tag but no digest"),
  COPY_ORDER("COPY-ORDER", Severity.WARNING, "a copy of the whole build context before a step that installs packages"),
  SECRET_ENV("SECRET-ENV", Severity.WARNING,
      "a secret in a build env or env step (an error when the template holds its value)"),
  CURL_PIPE("CURL-PIPE", Severity.WARNING, "a script downloaded with curl or wget piped into a shell"),
  LINT_IGNORE("LINT-IGNORE", Severity.WARNING, "lintIgnore names something that is not a rule");

  private final String id;
  private final Severity severity;
  private final String summary;

  LintRule(String id, Severity severity, String summary) {
    this.id = id;
    this.severity = severity;
    this.summary = summary;
  }

  /** The id, such as {@code APT-LISTS}. */
  public String id() {
    return id;
  }

  /** The severity its findings usually have. */
  public Severity severity() {
    return severity;
  }

  /** What the rule looks for, in a few words. */
  public String summary() {
    return summary;
  }

  /** The rule with this id, exactly as written (ids are upper case). */
  public static Optional<LintRule> byId(String id) {
    return Arrays.stream(values()).filter(r -> r.id.equals(id)).findFirst();
  }

  /** A finding of this rule at its usual severity. */
  Finding at(int step, String field, String message, String fix) {
    return new Finding(id, severity, step, field, message, fix);
  }
}
