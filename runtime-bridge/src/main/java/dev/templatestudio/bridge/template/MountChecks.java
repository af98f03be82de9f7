package dev.templatestudio.bridge.template;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Validation of run mounts, download steps and where a copy takes files from. */
final class MountChecks {
  private static final Pattern CHECKSUM = Pattern.compile("sha256:[0-9a-f]{64}");
  private static final Pattern SIZE = Pattern.compile("[0-9]+[kKmMgG]?[bB]?");

  private MountChecks() {}

  static void check(Mount m, int n, String at, List<Problem> out) {
    if (m == null) {
      out.add(Problem.error(n, at, "empty mount"));
      return;
    }
    if (m.type() == null || !Mount.TYPES.contains(m.type())) {
      out.add(Problem.error(n, at + ".type", "mount type \"" + m.type()
          + "\" is not one of cache, bind, secret, tmpfs"));
      return;
    }
    String[][] fields = {{"target", m.target()}, {"source", m.source()}, {"id", m.id()},
        {"sharing", m.sharing()}, {"env", m.env()}, {"size", m.size()}};
    for (String[] f : fields) {
      if (f[1] != null && (f[1].isBlank() || f[1].chars().anyMatch(c -> c == ',' || c == '"'
          || Character.isWhitespace(c) || Character.isISOControl(c)))) {
        out.add(Problem.error(n, at + "." + f[0], "mount " + f[0] + " \"" + f[1]
            + "\" is empty or holds a comma, a quote or a blank, which a --mount cannot say"));
      }
    }
    boolean secret = m.type().equals("secret");
    if (secret ? m.id() == null && m.target() == null : m.target() == null) {
      out.add(Problem.error(n, at + ".target", secret
          ? "a secret mount needs an id (the secret's name) or a target"
          : "a " + m.type() + " mount needs a target (the path it is mounted at)"));
    } else if (m.target() != null && !m.target().startsWith("/") && !m.target().startsWith("$")) {
      out.add(Problem.error(n, at + ".target", "mount target \"" + m.target()
          + "\" must be absolute (start with /)"));
    }
    if (m.sharing() != null && !Mount.SHARING.contains(m.sharing())) {
      out.add(Problem.error(n, at + ".sharing", "sharing \"" + m.sharing()
          + "\" is not one of shared, private, locked"));
    }
    if (m.sharing() != null && !m.type().equals("cache")) {
      out.add(Problem.error(n, at + ".sharing", "only a cache mount has sharing"));
    }
    if ((m.from() != null || m.source() != null) && !m.type().equals("bind")
        && !m.type().equals("cache")) {
      out.add(Problem.error(n, at + (m.from() != null ? ".from" : ".source"), "only a bind or cache mount"
          + " takes files from a source"));
    }
    if (m.from() != null) {
      from(m.from(), n, at + ".from", out);
    }
    if ((m.env() != null || m.required() != null) && !secret) {
      out.add(Problem.error(n, at + (m.env() != null ? ".env" : ".required"),
          "only a secret mount has env or required"));
    }
    if (m.rw() != null && !m.type().equals("bind")) {
      out.add(Problem.error(n, at + ".rw", "only a bind mount has rw"));
    }
    if (m.size() != null && (!m.type().equals("tmpfs") || !SIZE.matcher(m.size()).matches())) {
      out.add(Problem.error(n, at + ".size", m.type().equals("tmpfs") ? "size \"" + m.size()
          + "\" is not bytes like 64m" : "only a tmpfs mount has a size"));
    }
  }

  /** Where files come from: a build stage or an image; a template is no source of files. */
  static void from(Base from, int n, String at, List<Problem> out) {
    if (from.kinds() != 1) {
      out.add(Problem.error(n, at, "from names exactly one stage or image"));
    } else if (from.isTemplate()) {
      out.add(Problem.error(n, at + ".template", "files come from a build stage or an image, not a"
          + " template; use the template's image reference"));
    } else if (from.reference().isBlank() || from.reference().chars().anyMatch(Character::isWhitespace)) {
      out.add(Problem.error(n, at, "the reference \"" + from.reference() + "\" is empty or has spaces"));
    }
  }

  static void download(DownloadStep s, int n, String at, List<Problem> out) {
    String url = s.url() == null ? "" : s.url().toLowerCase(Locale.ROOT);
    if (!(url.startsWith("http://") || url.startsWith("https://"))
        || s.url().chars().anyMatch(Character::isWhitespace)) {
      out.add(Problem.error(n, at + "url", "\"" + s.url() + "\" is not an http:// or https:// URL"));
    }
    if (StepChecks.blank(s.dest())) {
      out.add(Problem.error(n, at + "dest", "the destination is empty"));
    }
    if (s.checksum() != null && !CHECKSUM.matcher(s.checksum()).matches()) {
      out.add(Problem.error(n, at + "checksum", "checksum \"" + s.checksum()
          + "\" is not sha256: and 64 lower-case hex digits"));
    }
    StepChecks.mode(s.mode(), n, at, out);
    StepChecks.user(s.user(), n, at, out);
  }
}
