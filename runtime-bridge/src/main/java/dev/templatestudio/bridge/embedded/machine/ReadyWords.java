package dev.templatestudio.bridge.embedded.machine;

import dev.templatestudio.bridge.template.Ready;

/**
 * How a ready check reads when it passed ({@code ready} event) and when it did not (the
 * build's error), shared by the embedded and the docker runtime. A URL check that got an
 * answer other than the one it waits for says what it got, so the user sees the 404 or 500
 * rather than a silent server. Stateless.
 */
public final class ReadyWords {
  /** The HTTP status of a URL probe that got no answer (refused, timed out, not HTTP). */
  public static final int NO_ANSWER = -1;

  private ReadyWords() {}

  /** True when a URL check's answer is the one it waits for: its status, else any 2xx. */
  public static boolean urlPasses(Ready.Url url, int status) {
    return url.status() != null ? status == url.status() : status >= 200 && status < 300;
  }

  /** What passed, e.g. {@code port 8000 answered}. */
  public static String passed(Ready ready) {
    if (ready instanceof Ready.Port p) {
      return "port " + p.port() + " answered";
    }
    if (ready instanceof Ready.Url u) {
      return u.url() + " answered";
    }
    if (ready instanceof Ready.File f) {
      return "file " + f.path() + " exists";
    }
    if (ready instanceof Ready.Process p) {
      return "process " + p.name() + " runs";
    }
    return ready instanceof Ready.Command ? "ready command succeeded" : "timeout passed";
  }

  /**
   * What did not pass, e.g. {@code port 8000 did not answer}; for a URL check that got an
   * answer, the last status it got: {@code http://…/ answered 404, not 200}.
   */
  public static String failed(Ready ready, int lastUrlStatus) {
    if (ready instanceof Ready.Url u && lastUrlStatus != NO_ANSWER) {
      return u.url() + " answered " + lastUrlStatus + ", not "
          + (u.status() != null ? String.valueOf(u.status()) : "a 2xx status");
    }
    // Said per check, not by rewording what passes: a path or URL may hold those words itself.
    if (ready instanceof Ready.Port p) {
      return "port " + p.port() + " did not answer";
    }
    if (ready instanceof Ready.Url u) {
      return u.url() + " did not answer";
    }
    if (ready instanceof Ready.File f) {
      return "file " + f.path() + " did not appear";
    }
    if (ready instanceof Ready.Process p) {
      return "process " + p.name() + " did not run";
    }
    return ready instanceof Ready.Command ? "ready command did not succeed" : "timeout passed";
  }
}
