package dev.templatestudio.bridge.lint;

import dev.templatestudio.bridge.lint.Finding.Severity;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The rule about secrets passed as build envs or env steps instead of declared secrets. Pure. */
final class SecretChecks {
  /** Parts of a variable name ({@code _}-separated) that mean a secret wherever they stand. */
  private static final Set<String> SECRET_PARTS = Set.of("TOKEN", "SECRET", "SECRETS", "PASSWORD",
      "PASSWD", "PASSPHRASE", "CREDENTIALS", "APIKEY", "PAT");
  /** {@code *_KEY} names that are public by nature (a GPG key's fingerprint in official images). */
  private static final Set<String> PUBLIC_KEY_PARTS = Set.of("PUBLIC", "GPG", "PGP", "PUB", "SIGNING");
  /**
   * Values shaped like credentials of well-known services, a private key, or a URL with a
   * password in it. Known prefixes only: a generic entropy test would flag every checksum.
   */
  private static final Pattern KEY_VALUE = Pattern.compile(
      "gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}|glpat-[A-Za-z0-9_-]{20,}"
          + "|(?:AKIA|ASIA)[0-9A-Z]{16}|sk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}|xox[abprs]-[A-Za-z0-9-]{10,}"
          + "|npm_[A-Za-z0-9]{36}|hf_[A-Za-z0-9]{30,}|AIza[0-9A-Za-z_-]{35}"
          + "|-----BEGIN [A-Z ]*PRIVATE KEY-----|[a-z][a-z0-9+.-]*+://[^/\\s:@]++:[^/\\s@]++@");
  /**
   * How much of a value is searched: a key or a URL with a password starts well within it, and
   * the search stays cheap on a hostile value (a scheme's letters are tried from every start).
   */
  private static final int HEAD = 4096;

  private SecretChecks() {}

  /**
   * Findings for {@code vars}: a template's build envs ({@code step} -1) or an env step's vars.
   *
   * @param fieldPrefix the JSON path of the map, such as {@code buildEnvs} or {@code steps[2].vars}
   */
  static void check(Map<String, String> vars, int step, String fieldPrefix, List<Finding> out) {
    String where = step > 0 ? "env step " + step : "build env";
    String stays = step > 0 ? "in the image and every machine started from it" : "in the image's history";
    for (Map.Entry<String, String> e : vars.entrySet()) {
      String name = e.getKey();
      String value = e.getValue() == null ? "" : e.getValue();
      String field = fieldPrefix + "." + name;
      boolean keyValue = KEY_VALUE.matcher(value.length() > HEAD ? value.substring(0, HEAD) : value).find();
      String fix = "declare " + name + " in secrets and give its value at build time (build --secret "
          + name + "), and remove it from the " + (step > 0 ? "env step" : "build envs");
      if (keyValue) {
        out.add(new Finding(LintRule.SECRET_ENV.id(), Severity.ERROR, step, field, "the " + where + " "
            + name + " holds what looks like a credential, which is then stored in the template and "
            + stays, fix + ", then revoke the credential"));
      } else if (looksSecret(name)) {
        boolean stored = !value.isEmpty();
        out.add(new Finding(LintRule.SECRET_ENV.id(), stored ? Severity.ERROR : Severity.WARNING, step, field,
            "the " + where + " " + name + " is named like a secret"
                + (stored ? " and has a value, which is stored in the template and " + stays
                : "; a value given to it ends up " + stays), fix));
      }
    }
  }

  /** True when a variable's name says it holds a secret: {@code NPM_TOKEN}, {@code DB_PASSWORD}, {@code API_KEY}. */
  static boolean looksSecret(String name) {
    String[] parts = name.toUpperCase(Locale.ROOT).split("_+");
    for (int i = 0; i < parts.length; i++) {
      if (SECRET_PARTS.contains(parts[i])) {
        return true;
      }
    }
    int last = parts.length - 1;
    return last > 0 && parts[last].equals("KEY") && !PUBLIC_KEY_PARTS.contains(parts[last - 1]);
  }
}
