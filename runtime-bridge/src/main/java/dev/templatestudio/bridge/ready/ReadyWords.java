package dev.templatestudio.bridge.ready;

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
    Words w = words(ready);
    return w.subject() + " " + w.passed();
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
    Words w = words(ready);
    return w.subject() + " " + w.failed();
  }

  /** A check's subject and what it does when it passes and when not, kept apart: a path or URL may hold those words. */
  private record Words(String subject, String passed, String failed) {
  }

  private static Words words(Ready ready) {
    if (ready instanceof Ready.Port p) {
      return new Words("port " + p.port(), "answered", "did not answer");
    }
    if (ready instanceof Ready.Url u) {
      return new Words(u.url(), "answered", "did not answer");
    }
    if (ready instanceof Ready.File f) {
      return new Words("file " + f.path(), "exists", "did not appear");
    }
    if (ready instanceof Ready.Process p) {
      return new Words("process " + p.name(), "runs", "did not run");
    }
    return ready instanceof Ready.Command ? new Words("ready command", "succeeded", "did not succeed")
        : new Words("timeout", "passed", "passed");
  }
}
