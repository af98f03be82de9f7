package dev.templatestudio.bridge.template;

import java.util.List;

/** Validation of the ready check; see {@link TemplateValidator}. */
final class ReadyChecks {
  private static final String AT = "start.ready.";

  private ReadyChecks() {}

  static void check(Ready ready, List<Problem> out) {
    if (ready instanceof Ready.Port p) {
      if (p.port() < 1 || p.port() > 65535) {
        out.add(Problem.error(-1, AT + "port", "port " + p.port() + " is out of range (1-65535)"));
      }
    } else if (ready instanceof Ready.Url u) {
      if (StepChecks.blank(u.url()) || !(u.url().startsWith("http://") || u.url().startsWith("https://"))) {
        out.add(Problem.error(-1, AT + "url", "the URL must start with http:// or https://"));
      }
      if (u.status() != null && (u.status() < 100 || u.status() > 599)) {
        out.add(Problem.error(-1, AT + "status", "status " + u.status() + " is not an HTTP status"));
      }
    } else if (ready instanceof Ready.File f) {
      if (StepChecks.blank(f.path()) || !f.path().startsWith("/")) {
        out.add(Problem.error(-1, AT + "path", "the file path must be absolute"));
      }
    } else if (ready instanceof Ready.Process p) {
      if (StepChecks.blank(p.name())) {
        out.add(Problem.error(-1, AT + "name", "the process name is empty"));
      }
    } else if (ready instanceof Ready.Command c) {
      if (StepChecks.blank(c.command())) {
        out.add(Problem.error(-1, AT + "command", "the ready command is empty"));
      }
    } else if (ready instanceof Ready.Timeout t) {
      if (t.seconds() < 0) {
        out.add(Problem.error(-1, AT + "seconds", "seconds must be 0 or more"));
      }
    }
    if (ready.timeoutSeconds() != null && ready.timeoutSeconds() < 1) {
      out.add(Problem.error(-1, AT + "timeoutSeconds", "timeoutSeconds must be 1 or more"));
    }
  }
}
