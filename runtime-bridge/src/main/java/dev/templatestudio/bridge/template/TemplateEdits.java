package dev.templatestudio.bridge.template;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The edits a person makes to a template's step list, as pure functions: insert, delete, move
 * and duplicate. Indices are 0-based positions in {@link Template#steps()}; out-of-range indices
 * are ignored so that a stale selection cannot corrupt a template. Thread-safe.
 */
public final class TemplateEdits {
  private TemplateEdits() {}

  /** The template with {@code step} inserted at {@code at} (clamped to 0…size). */
  public static Template insert(Template t, int at, Step step) {
    List<Step> steps = new ArrayList<>(t.steps());
    steps.add(Math.max(0, Math.min(at, steps.size())), step);
    return t.withSteps(steps);
  }

  /** The template without the steps at {@code indices}. */
  public static Template delete(Template t, List<Integer> indices) {
    TreeSet<Integer> drop = valid(t, indices);
    List<Step> steps = new ArrayList<>();
    for (int i = 0; i < t.steps().size(); i++) {
      if (!drop.contains(i)) {
        steps.add(t.steps().get(i));
      }
    }
    return t.withSteps(steps);
  }

  /**
   * The template with the steps at {@code indices} taken out and put back, in their order, so
   * that they land before the step that was at {@code target} ({@code size} for the end).
   */
  public static Template move(Template t, List<Integer> indices, int target) {
    TreeSet<Integer> moving = valid(t, indices);
    List<Step> kept = new ArrayList<>();
    List<Step> block = new ArrayList<>();
    for (int i = 0; i < t.steps().size(); i++) {
      (moving.contains(i) ? block : kept).add(t.steps().get(i));
    }
    int at = movedStart(t, indices, target);
    kept.addAll(at, block);
    return t.withSteps(kept);
  }

  /** Where the first moved step lands after {@link #move}; the others follow it. */
  public static int movedStart(Template t, List<Integer> indices, int target) {
    TreeSet<Integer> moving = valid(t, indices);
    int clamped = Math.max(0, Math.min(target, t.steps().size()));
    int before = moving.headSet(clamped).size();
    return clamped - before;
  }

  /**
   * The target index that moves the steps at {@code indices} one place up ({@code delta} -1)
   * or down (+1) for {@link #move}; -1 when they are already at that end.
   */
  public static int shiftTarget(Template t, List<Integer> indices, int delta) {
    TreeSet<Integer> moving = valid(t, indices);
    if (moving.isEmpty()) {
      return -1;
    }
    if (delta < 0) {
      return moving.first() == 0 ? -1 : moving.first() - 1;
    }
    return moving.last() >= t.steps().size() - 1 ? -1 : moving.last() + 2;
  }

  /** The template with copies of the steps at {@code indices} inserted after the last of them. */
  public static Template duplicate(Template t, List<Integer> indices) {
    TreeSet<Integer> copies = valid(t, indices);
    if (copies.isEmpty()) {
      return t;
    }
    List<Step> steps = new ArrayList<>(t.steps());
    List<Step> block = new ArrayList<>();
    copies.forEach(i -> block.add(t.steps().get(i)));
    steps.addAll(copies.last() + 1, block);
    return t.withSteps(steps);
  }

  private static TreeSet<Integer> valid(Template t, List<Integer> indices) {
    TreeSet<Integer> set = new TreeSet<>();
    for (Integer i : indices) {
      if (i != null && i >= 0 && i < t.steps().size()) {
        set.add(i);
      }
    }
    return set;
  }
}
