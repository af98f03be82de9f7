package dev.templatestudio.bridge.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.templatestudio.bridge.plan.BuildHistory.StepRecord;
import dev.templatestudio.bridge.text.Plural;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Explains a cache miss in words a person can act on, by comparing a step with the same step
 * of the last build of the same template: which field changed (old → new), which input files
 * changed, which earlier step changed, or why the cache was skipped. Stateless.
 */
public final class MissReasons {
  private static final int MAX_VALUE = 80;
  private static final int MAX_FILES = 5;

  private MissReasons() {}

  /**
   * Why step {@code i} missed.
   *
   * @param current    this build's steps, base first
   * @param previous   the last build's steps, or null when there was none
   * @param noCache    the build was asked to skip the cache
   * @param forcedFrom the first step that skips the cache because of {@code force}, 0 when the
   *                   whole template is forced, -1 when nothing is
   */
  public static String reason(int i, List<StepRecord> current, List<StepRecord> previous,
      boolean noCache, int forcedFrom, boolean templateForced) {
    if (noCache) {
      return "--no-cache";
    }
    if (templateForced) {
      return "force: the template sets force";
    }
    if (forcedFrom >= 0 && i >= forcedFrom) {
      return forcedFrom == i ? "force: this step sets force" : "force: step " + forcedFrom + " sets force";
    }
    if (previous == null) {
      return "first build";
    }
    if (i >= previous.size()) {
      String shifted = shifted(i, current, previous);
      if (shifted != null) {
        return shifted;
      }
      int had = previous.size() - 1;
      return "new step: the last build had " + Plural.of(had, "step");
    }
    if (i == 0) {
      return baseChange(current.get(0), previous.get(0));
    }
    String own = ownChange(current.get(i), previous.get(i));
    if (own != null && !onlyExpansionChanged(current.get(i), previous.get(i))) {
      String shifted = shifted(i, current, previous);
      return shifted != null ? shifted : own;
    }
    // A value that expands differently because an earlier step changed it: that step is the cause.
    for (int j = 0; j < i; j++) {
      if (j >= previous.size() || ownChange(current.get(j), previous.get(j)) != null) {
        return j == 0 ? "parent step 0 (the base) changed" : "parent step " + j + " changed";
      }
    }
    if (own != null) {
      return own;
    }
    if (!current.get(i).key().equals(previous.get(i).key())) {
      return "cache key changed";
    }
    return "not in the cache: the last build did not finish this step";
  }

  /**
   * Why step {@code i} missed when a step was inserted, deleted or moved above or at it: by
   * position it would read as changed ("command changed: the step that was here -> this one"),
   * though the step itself is as the last build had it, elsewhere, or is new. Null when steps
   * did not shift.
   */
  private static String shifted(int i, List<StepRecord> current, List<StepRecord> previous) {
    int was = indexOfSame(current.get(i), previous);
    // Moved only when the step left its old place: [A,B,C] -> [A,B,B] changed C, it moved nothing.
    boolean left = was > 0 && (was >= current.size() || ownChange(current.get(was), previous.get(was)) != null);
    if (was > 0 && was != i && left) {
      for (int j = 1; j < i; j++) {
        if (j >= previous.size() || ownChange(current.get(j), previous.get(j)) != null) {
          return "parent step " + j + " changed";
        }
      }
      return "moved: it was step " + was + " in the last build";
    }
    if (was < 0 && i < previous.size() && indexOfSame(previous.get(i), current) > i) {
      return "new step: inserted here";
    }
    return null;
  }

  /** Where {@code records} has a step written as {@code step} with the same input files (base excluded), or -1. */
  private static int indexOfSame(StepRecord step, List<StepRecord> records) {
    for (int k = 1; k < records.size(); k++) {
      if (ownChange(step, records.get(k)) == null) {
        return k;
      }
    }
    return -1;
  }

  /**
   * Why the base missed when it could not be resolved, so that there is no manifest to compare:
   * the cache was skipped, there was no earlier build, another base was asked for, or the same
   * base is not there any more.
   *
   * @param asked the base as {@link StepCanon#base} gives it, without a manifest
   */
  public static String unresolvedBase(JsonNode asked, List<StepRecord> previous, boolean noCache,
      boolean templateForced) {
    if (noCache) {
      return "--no-cache";
    }
    if (templateForced) {
      return "force: the template sets force";
    }
    if (previous == null || previous.isEmpty()) {
      return "first build";
    }
    String now = text(asked.get("base"));
    String before = text(previous.get(0).canonical().get("base"));
    if (!now.equals(before)) {
      return "base changed: " + shorten(before) + " -> " + shorten(now);
    }
    return "the base image " + shorten(now) + " could not be resolved, though the last build resolved it";
  }

  /** Why the base missed: another base, or the same base with other content. */
  private static String baseChange(StepRecord now, StepRecord before) {
    String baseNow = text(now.canonical().get("base"));
    String baseBefore = text(before.canonical().get("base"));
    if (!baseNow.equals(baseBefore)) {
      return "base changed: " + shorten(baseBefore) + " -> " + shorten(baseNow);
    }
    String manifestNow = text(now.canonical().get("manifest"));
    String manifestBefore = text(before.canonical().get("manifest"));
    if (!manifestNow.equals(manifestBefore) && baseNow.startsWith("stage ")) {
      return "the result of " + baseNow + " changed";
    }
    if (!manifestNow.equals(manifestBefore)) {
      return "base image content changed: " + shortDigest(manifestBefore) + " -> " + shortDigest(manifestNow);
    }
    if (!now.canonical().path("canon").equals(before.canonical().path("canon"))) {
      return "the cache was made by an earlier template-studio, whose steps ran differently";
    }
    return "not in the cache: the base image's layers are not unpacked in the store";
  }

  private static String shortDigest(String digest) {
    return digest.length() > 19 ? digest.substring(0, 19) + "…" : digest;
  }

  /** What changed in the step itself (its fields or its input files), or null. */
  static String ownChange(StepRecord now, StepRecord before) {
    if (!Objects.equals(now.canonical(), before.canonical())) {
      return fieldChanges(now.canonical(), before.canonical());
    }
    if (!now.inputs().equals(before.inputs())) {
      return "input files changed: " + fileChanges(now.inputs(), before.inputs());
    }
    return null;
  }

  /** True when the step is written as before and only what its variables expand to changed. */
  private static boolean onlyExpansionChanged(StepRecord now, StepRecord before) {
    JsonNode a = now.canonical().deepCopy();
    JsonNode b = before.canonical().deepCopy();
    if (!a.isObject() || !b.isObject()) {
      return false;
    }
    ((ObjectNode) a).remove(StepCanon.EXPANDED);
    ((ObjectNode) b).remove(StepCanon.EXPANDED);
    return a.equals(b);
  }

  private static String fieldChanges(JsonNode now, JsonNode before) {
    String typeNow = text(now.get("type"));
    String typeBefore = text(before.get("type"));
    if (!typeNow.equals(typeBefore)) {
      return "step type changed: " + typeBefore + " -> " + typeNow;
    }
    TreeSet<String> names = new TreeSet<>();
    now.fieldNames().forEachRemaining(names::add);
    before.fieldNames().forEachRemaining(names::add);
    List<String> parts = new ArrayList<>();
    for (String n : names) {
      JsonNode a = before.get(n);
      JsonNode b = now.get(n);
      if (n.equals(StepCanon.EXPANDED) || Objects.equals(a, b)) {
        continue;
      }
      if (n.equals(StepCanon.FROM_RESULT)) {
        if (Objects.equals(before.get("from"), now.get("from"))) {
          parts.add(fromChange(now.get("from")));
        }
        continue;
      }
      parts.add(n + " changed: " + render(a) + " -> " + render(b));
    }
    if (parts.isEmpty()) {
      // Written the same, expanded differently: a build env that the step's words use changed.
      JsonNode a = before.has(StepCanon.EXPANDED) ? before.get(StepCanon.EXPANDED) : before;
      JsonNode b = now.has(StepCanon.EXPANDED) ? now.get(StepCanon.EXPANDED) : now;
      // The step's own fields: a canonical without "expanded" also has the build envs of a command step.
      TreeSet<String> fields = new TreeSet<>();
      (before.has(StepCanon.EXPANDED) ? a : b).fieldNames().forEachRemaining(fields::add);
      for (String n : fields) {
        if (!Objects.equals(a.get(n), b.get(n))) {
          parts.add(n + " changed once expanded: " + render(a.get(n)) + " -> " + render(b.get(n)));
        }
      }
    }
    return String.join("; ", parts);
  }

  /** Why a step taking files from {@code from} missed when only what it takes them from changed. */
  private static String fromChange(JsonNode from) {
    if (from != null && from.hasNonNull("stage")) {
      return "the result of stage " + from.get("stage").asText() + " changed";
    }
    return "the content of image " + shorten(from == null ? "" : from.path("image").asText()) + " changed";
  }

  private static String fileChanges(Map<String, String> now, Map<String, String> before) {
    TreeSet<String> paths = new TreeSet<>(now.keySet());
    paths.addAll(before.keySet());
    List<String> changed = new ArrayList<>();
    for (String p : paths) {
      String a = before.get(p);
      String b = now.get(p);
      if (a == null) {
        changed.add(p + " (new)");
      } else if (b == null) {
        changed.add(p + " (removed)");
      } else if (!a.equals(b)) {
        changed.add(p);
      }
    }
    if (changed.size() > MAX_FILES) {
      int more = changed.size() - MAX_FILES;
      return String.join(", ", changed.subList(0, MAX_FILES)) + " and " + more + " more";
    }
    return String.join(", ", changed);
  }

  private static String render(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return "(none)";
    }
    if (v.isArray()) {
      List<String> items = new ArrayList<>();
      v.forEach(e -> items.add(render(e)));
      return shorten("[" + String.join(", ", items) + "]");
    }
    if (v.isObject()) {
      List<String> items = new ArrayList<>();
      Iterator<Map.Entry<String, JsonNode>> it = v.fields();
      it.forEachRemaining(e -> items.add(e.getKey() + "=" + render(e.getValue())));
      return shorten("{" + String.join(", ", items) + "}");
    }
    return shorten(v.asText());
  }

  private static String text(JsonNode v) {
    return v == null ? "" : v.asText();
  }

  private static String shorten(String s) {
    return s.length() <= MAX_VALUE ? s : s.substring(0, MAX_VALUE - 1) + "…";
  }
}
