package dev.templatestudio.app.studio.pipeline;

import dev.templatestudio.bridge.template.AptStep;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.DownloadStep;
import dev.templatestudio.bridge.template.EnvStep;
import dev.templatestudio.bridge.template.GitCloneStep;
import dev.templatestudio.bridge.template.NpmStep;
import dev.templatestudio.bridge.template.PipStep;
import dev.templatestudio.bridge.template.Ready;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Start;
import dev.templatestudio.bridge.template.Step;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.UserStep;
import dev.templatestudio.bridge.template.WorkdirStep;
import dev.templatestudio.bridge.text.Plural;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The cards of a template and their one-line summaries. Pure functions. */
public final class CardSummaries {
  /**
   * The longest summary kept: a card shows what fits its width and ends it with an ellipsis,
   * its tooltip shows the summary whole up to here (a pasted script's first line stays bounded).
   */
  static final int MAX = 400;

  private CardSummaries() {}

  /** One card for the base, one per step, and one for the start when the template has one. */
  public static List<PipelineCard> cards(Template t) {
    List<PipelineCard> cards = new ArrayList<>(t.steps().size() + 2);
    cards.add(new PipelineCard(0, "base", "FROM", cut(base(t.base())), false));
    for (int i = 0; i < t.steps().size(); i++) {
      Step s = t.steps().get(i);
      String kind = s == null ? "?" : s.type();
      cards.add(new PipelineCard(i + 1, s == null ? "run" : kind, kind, cut(summary(s)), true));
    }
    if (t.start() != null) {
      cards.add(new PipelineCard(t.steps().size() + 1, "start", "start", cut(start(t.start())), false));
    }
    return cards;
  }

  static String base(Base base) {
    if (base == null || base.reference() == null) {
      return "(no base yet)";
    }
    return base.isTemplate() ? "template " + base.template()
        : base.isStage() ? "stage " + base.stage() : base.image();
  }

  /** One line saying what the step does. */
  public static String summary(Step s) {
    if (s instanceof AptStep a) {
      return String.join(", ", a.packages()) + (a.noInstallRecommends() ? " (no recommends)" : "");
    } else if (s instanceof PipStep p) {
      return String.join(", ", p.packages());
    } else if (s instanceof NpmStep n) {
      return String.join(", ", n.packages()) + (n.global() ? " (global)" : "");
    } else if (s instanceof CopyStep c) {
      return (c.from() == null ? "" : "from " + c.from().reference() + ": ")
          + String.join(" ", c.sources()) + " \u2192 " + c.dest();
    } else if (s instanceof DownloadStep d) {
      return d.url() + " \u2192 " + d.dest();
    } else if (s instanceof RunStep r) {
      return firstLine(r.command()) + (r.user() != null ? " (as " + r.user() + ")" : "")
          + (r.mounts().isEmpty() ? "" : " (" + Plural.of(r.mounts().size(), "mount") + ")");
    } else if (s instanceof GitCloneStep g) {
      return g.url() + " \u2192 " + g.path() + (g.branch() != null ? " @" + g.branch() : "");
    } else if (s instanceof EnvStep e) {
      return e.vars().entrySet().stream().map(v -> v.getKey() + "=" + v.getValue())
          .collect(Collectors.joining(" "));
    } else if (s instanceof WorkdirStep w) {
      return w.path();
    } else if (s instanceof UserStep u) {
      return u.name();
    }
    return "(empty step)";
  }

  static String start(Start start) {
    String command = start.command() == null ? "(no command)" : firstLine(start.command());
    return start.ready() == null ? command : command + " \u00B7 " + ready(start.ready());
  }

  /** The ready check in a few words. */
  public static String ready(Ready r) {
    if (r instanceof Ready.Port p) {
      return "port " + p.port();
    } else if (r instanceof Ready.Url u) {
      return "url " + u.url();
    } else if (r instanceof Ready.File f) {
      return "file " + f.path();
    } else if (r instanceof Ready.Process p) {
      return "process " + p.name();
    } else if (r instanceof Ready.Command c) {
      return "command " + firstLine(c.command());
    } else if (r instanceof Ready.Timeout t) {
      return "after " + t.seconds() + "s";
    }
    return "";
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    int nl = text.indexOf('\n');
    return nl < 0 ? text : text.substring(0, nl) + " \u2026";
  }

  static String cut(String s) {
    return s.length() <= MAX ? s : s.substring(0, MAX - 1) + "\u2026";
  }
}
