package dev.templatestudio.bridge.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The edits a person makes to a template's build stages, as pure functions: look at one stage
 * as if it were the template (its base, shell and steps in the template's place), add, rename
 * and remove a stage. A rename follows every reference to the stage (a stage's or the final
 * base, a copy's {@code from}, a mount's {@code from}); a stage still referenced is not removed.
 * Thread-safe.
 */
public final class TemplateStages {
  /** Stage indices: the final stage (the template's own base and steps). */
  public static final int FINAL = -1;
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_.-]{0,127}");
  private static final Pattern STAGE_PATH = Pattern.compile("stages\\[(\\d+)](?:\\.(.*))?");
  private static final Pattern STEP_PATH = Pattern.compile("steps\\[(\\d+)](?:\\.(.*))?");

  private TemplateStages() {}

  /**
   * Stage {@code stage} seen as the template: its base, shell and steps stand in the template's
   * own; everything else is the template's. {@link #FINAL} (or an index out of range) is the
   * template itself.
   */
  public static Template view(Template t, int stage) {
    if (stage < 0 || stage >= t.stages().size()) {
      return t;
    }
    Stage s = t.stages().get(stage);
    return t.withBase(s.base()).withShell(s.shell()).withSteps(s.steps());
  }

  /**
   * The template {@code full} after {@code edited}, a {@link #view} of stage {@code stage}, was
   * edited: its base, shell and steps go back to that stage, every other field is taken as
   * edited.
   */
  public static Template apply(Template full, int stage, Template edited) {
    if (stage < 0 || stage >= full.stages().size()) {
      return edited;
    }
    List<Stage> stages = new ArrayList<>(full.stages());
    String name = stages.get(stage).name();
    stages.set(stage, new Stage(name, edited.base(), edited.shell(), edited.steps()));
    return edited.withStages(stages).withBase(full.base()).withShell(full.shell()).withSteps(full.steps());
  }

  /** A name no stage has yet: {@code build}, else {@code stage2}, {@code stage3}, … */
  public static String freshName(Template t) {
    if (index(t, "build") < 0) {
      return "build";
    }
    int n = t.stages().size() + 1;
    while (index(t, "stage" + n) >= 0) {
      n++;
    }
    return "stage" + n;
  }

  /**
   * The template with a new empty stage {@code name} last among the stages (just above the
   * final stage, which may then use it), starting from the final stage's image, else Debian.
   */
  public static Template add(Template t, String name) {
    Base base = t.base() != null && t.base().image() != null ? Base.image(t.base().image())
        : Base.image("debian:bookworm-slim");
    List<Stage> stages = new ArrayList<>(t.stages());
    stages.add(new Stage(name, base, List.of()));
    return t.withStages(stages);
  }

  /** Why stage {@code from} cannot be renamed to {@code to}, in one sentence; null when it can. */
  public static String renameProblem(Template t, String from, String to) {
    if (index(t, from) < 0) {
      return "There is no stage " + from + ".";
    }
    if (to == null || !NAME.matcher(to).matches()) {
      return "A stage name is a lower-case letter, then letters, digits, '.', '_' or '-'.";
    }
    if (!to.equals(from) && index(t, to) >= 0) {
      return "There is a stage " + to + " already.";
    }
    return null;
  }

  /** The template with stage {@code from} named {@code to} and every reference to it following. */
  public static Template rename(Template t, String from, String to) {
    UnaryOperator<Base> ref = b -> b != null && from.equals(b.stage()) ? Base.stage(to) : b;
    List<Stage> stages = new ArrayList<>();
    for (Stage s : t.stages()) {
      stages.add(new Stage(s.name().equals(from) ? to : s.name(), ref.apply(s.base()), s.shell(),
          steps(s.steps(), ref)));
    }
    return t.withStages(stages).withBase(ref.apply(t.base())).withSteps(steps(t.steps(), ref));
  }

  /**
   * Where stage {@code name} is used, as places a person reads ("the final stage's base",
   * "stage deps, step 2 (copy from)"), in document order.
   */
  public static List<String> uses(Template t, String name) {
    List<String> out = new ArrayList<>();
    for (Stage s : t.stages()) {
      if (!s.name().equals(name)) {
        uses(out, "stage " + s.name() + ", ", s.base(), s.steps(), name);
      }
    }
    uses(out, "", t.base(), t.steps(), name);
    return out;
  }

  /** Why stage {@code name} cannot be removed, in one sentence; null when it can. */
  public static String removeProblem(Template t, String name) {
    List<String> uses = uses(t, name);
    if (uses.isEmpty()) {
      return null;
    }
    return "Stage " + name + " is still used by " + String.join(", ", uses.subList(0, Math.min(3, uses.size())))
        + (uses.size() > 3 ? " and " + (uses.size() - 3) + " more" : "") + "; change those first.";
  }

  /** The template without stage {@code name}. */
  public static Template remove(Template t, String name) {
    return t.withStages(t.stages().stream().filter(s -> !s.name().equals(name)).toList());
  }

  /** The index of stage {@code name}, or -1. */
  public static int index(Template t, String name) {
    for (int i = 0; i < t.stages().size(); i++) {
      if (t.stages().get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** The stage a problem's field is in ({@code stages[2].steps[0].command} is 2); {@link #FINAL} otherwise. */
  public static int stageOf(String field) {
    Matcher m = STAGE_PATH.matcher(field == null ? "" : field);
    return m.matches() ? Integer.parseInt(m.group(1)) : FINAL;
  }

  /**
   * A stage's field as its stage's {@link #view} names it ({@code stages[2].steps[0].command}
   * is {@code steps[0].command}); null for a field outside any stage or for the stage itself.
   */
  public static String localField(String field) {
    Matcher m = STAGE_PATH.matcher(field == null ? "" : field);
    return m.matches() ? m.group(2) : null;
  }

  /**
   * Where a stage's field is, as the stage's cards number it: {@code stages[0].steps[1].mounts[0].target}
   * is "stage build, step 2, mounts[0].target"; null for a field outside the stages.
   */
  public static String place(Template t, String field) {
    int stage = stageOf(field);
    if (stage < 0) {
      return null;
    }
    String name = stage < t.stages().size() ? t.stages().get(stage).name() : String.valueOf(stage);
    String local = localField(field);
    if (local == null) {
      return "stage " + name;
    }
    Matcher m = STEP_PATH.matcher(local);
    if (m.matches()) {
      int step = Integer.parseInt(m.group(1)) + 1;
      return "stage " + name + ", step " + step + (m.group(2) == null ? "" : ", " + m.group(2));
    }
    return "stage " + name + ", " + local;
  }

  /** The card of a stage's field: 0 its base, 1…N its steps; -1 for anything else. */
  public static int partOf(String local) {
    if (local == null) {
      return -1;
    }
    if (local.equals("base") || local.startsWith("base.")) {
      return 0;
    }
    Matcher m = STEP_PATH.matcher(local);
    return m.matches() ? Integer.parseInt(m.group(1)) + 1 : -1;
  }

  private static void uses(List<String> out, String where, Base base, List<Step> steps, String name) {
    if (base != null && name.equals(base.stage())) {
      out.add(where.isEmpty() ? "the final stage's base" : where + "base");
    }
    for (int i = 0; i < steps.size(); i++) {
      Step s = steps.get(i);
      if (s instanceof CopyStep c && c.from() != null && name.equals(c.from().stage())) {
        out.add(where + "step " + (i + 1) + " (copy from)");
      } else if (s instanceof RunStep r && r.mounts().stream()
          .anyMatch(m -> m != null && m.from() != null && name.equals(m.from().stage()))) {
        out.add(where + "step " + (i + 1) + " (mount from)");
      }
    }
  }

  private static List<Step> steps(List<Step> steps, UnaryOperator<Base> ref) {
    List<Step> out = new ArrayList<>(steps.size());
    for (Step s : steps) {
      if (s instanceof CopyStep c && !Objects.equals(ref.apply(c.from()), c.from())) {
        out.add(new CopyStep(c.sources(), c.dest(), c.user(), c.mode(), ref.apply(c.from()), c.force()));
      } else if (s instanceof RunStep r) {
        List<Mount> mounts = r.mounts().stream().map(m -> m == null ? null
            : new Mount(m.type(), m.target(), m.source(), ref.apply(m.from()), m.id(), m.sharing(), m.rw(),
                m.env(), m.required(), m.size())).toList();
        out.add(mounts.equals(r.mounts()) ? r : new RunStep(r.command(), r.user(), mounts, r.force()));
      } else {
        out.add(s);
      }
    }
    return out;
  }
}
