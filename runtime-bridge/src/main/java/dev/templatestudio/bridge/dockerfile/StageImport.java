package dev.templatestudio.bridge.dockerfile;

import dev.templatestudio.bridge.dockerfile.DockerfileLexer.Note;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.BaseImages;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.DownloadStep;
import dev.templatestudio.bridge.template.EnvStep;
import dev.templatestudio.bridge.template.Mount;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Stage;
import dev.templatestudio.bridge.template.Step;
import dev.templatestudio.bridge.template.UserStep;
import dev.templatestudio.bridge.template.WorkdirStep;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stages of a Dockerfile: each FROM, the global ARGs it expands with, the references
 * between stages, and at the end the build stages the last one needs. Not thread-safe: belongs
 * to one {@link ImportSession}.
 */
final class StageImport {
  private static final Pattern STAGE_FIELD =
      Pattern.compile("stages\\[([0-9]{1,6})\\](?:\\.steps\\[([0-9]{1,6})\\])?");
  private final Diagnostics diagnostics;
  private final NoteReader notes;
  private final char escape;
  /** ARGs before the first FROM, expanded, as FROM sees them (predefined platform ones too). */
  private final Map<String, String> globalArgs = new LinkedHashMap<>(PlatformArgs.values());
  private final List<StageDraft> stages = new ArrayList<>();
  /** The stages above the current one by name (a later one of the same name wins, as in Docker). */
  private final Map<String, StageDraft> byName = new HashMap<>();
  /** The build stages kept by {@link #keep}, in the template's order. */
  private List<StageDraft> kept = List.of();

  StageImport(Diagnostics diagnostics, NoteReader notes, char escape) {
    this.diagnostics = diagnostics;
    this.notes = notes;
    this.escape = escape;
  }

  /** The stage being read, null before the first FROM. */
  StageDraft current() {
    return stages.isEmpty() ? null : stages.get(stages.size() - 1);
  }

  /**
   * A global ARG default: expanded with the ARGs above it, as BuildKit does before FROM. A bare
   * {@code ARG NAME} (value null) keeps a value the name already has, a platform one too.
   */
  void globalArg(String name, String value, Instruction ins, int offset) {
    if (value == null) {
      globalArgs.putIfAbsent(name, "");
      return;
    }
    List<String> unset = new ArrayList<>();
    DockerWords.Processed p = DockerWords.expand(value, globalArgs, escape, unset);
    if (!p.ok()) {
      diagnostics.error(ins.lineAt(offset + p.errorOffset()), ins.columnAt(offset + p.errorOffset()),
          p.error());
      return;
    }
    for (String u : unset) {
      diagnostics.warning(ins.lineAt(offset), ins.columnAt(offset), "$" + Diagnostics.cut(u)
          + " is not declared by an ARG above, so it expands to nothing");
    }
    globalArgs.put(name, p.value());
  }

  /** The value a bare {@code ARG NAME} inside a stage takes: the global one, else empty. */
  String globalValue(String name) {
    return globalArgs.getOrDefault(name, "");
  }

  /** A new stage at a FROM; its base is null when the FROM could not be read. */
  void from(Instruction ins, Map<String, Note> pending) {
    StageDraft previous = current();
    if (previous != null && previous.name != null) {
      byName.put(previous.name, previous);
    }
    StageDraft stage = new StageDraft(stages.size(), new ImportResult.Place(ins.line(), ins.column()));
    stages.add(stage);
    Flags flags = Flags.parse(ins.args());
    for (Flags.Flag f : flags.flags()) {
      if (f.name().equals("platform")) {
        diagnostics.warning(ins.lineAt(f.offset()), ins.columnAt(f.offset()),
            "FROM --platform is ignored: the runtime picks the platform");
      } else {
        diagnostics.error(ins.lineAt(f.offset()), ins.columnAt(f.offset()),
            "unknown FROM flag --" + Diagnostics.cut(f.name()));
      }
    }
    Note baseNote = pending.remove(TemplateNotes.BASE);
    Note fromTemplate = pending.remove(TemplateNotes.FROM_TEMPLATE);
    List<DockerWords.Word> words = DockerWords.split(ins.args().substring(flags.rest()), escape);
    boolean alias = words.size() == 3 && words.get(1).text().equalsIgnoreCase("AS");
    if (alias) {
      stage.name = words.get(2).text().toLowerCase(Locale.ROOT);
    }
    if (baseNote != null) {
      stage.base = notes.base(baseNote);
      if (stage.base != null) {
        return;
      }
    }
    if (words.isEmpty() || (words.size() != 1 && !alias)) {
      diagnostics.error(ins.line(), ins.column(), words.isEmpty() ? "FROM needs an image"
          : "FROM takes one image, optionally followed by AS name");
      return;
    }
    DockerWords.Word image = words.get(0);
    int at = flags.rest() + image.offset();
    List<String> undeclared = new ArrayList<>();
    DockerWords.Processed p = DockerWords.expand(image.text(), globalArgs, escape, undeclared);
    if (!p.ok()) {
      diagnostics.error(ins.lineAt(at + p.errorOffset()), ins.columnAt(at + p.errorOffset()),
          p.error());
      return;
    }
    for (String name : undeclared) {
      diagnostics.warning(ins.lineAt(at), ins.columnAt(at), "$" + Diagnostics.cut(name)
          + " is not declared by an ARG before FROM, so it expands to nothing");
    }
    String ref = p.value();
    if (ref.isEmpty()) {
      diagnostics.error(ins.lineAt(at), ins.columnAt(at), "FROM names no image once expanded");
      return;
    }
    if (ref.endsWith(":") && !image.text().endsWith(":")) {
      diagnostics.warning(ins.lineAt(at), ins.columnAt(at), "the image "
          + Diagnostics.cut(ref) + " has an empty tag once expanded; give the ARG a value");
    }
    if (BaseImages.isWindows(ref)) {
      diagnostics.error(ins.lineAt(at), ins.columnAt(at), Diagnostics.cut(ref) + " is a Windows"
          + " image, and templates build Linux machines; choose a Linux base image");
      return;
    }
    StageDraft earlier = fromTemplate == null ? named(ref) : null;
    stage.base = earlier != null ? Base.stage(earlier.referenceName())
        : fromTemplate != null ? Base.template(ref) : Base.image(ref);
  }

  /**
   * What {@code COPY --from} or a mount's {@code from} names: an earlier stage by name or
   * index, else an image.
   */
  Base source(String ref) {
    StageDraft current = current();
    if (ref.chars().allMatch(Character::isDigit) && !ref.isEmpty() && ref.length() < 6) {
      int i = Integer.parseInt(ref);
      if (current != null && i < current.index) {
        return Base.stage(stages.get(i).referenceName());
      }
    }
    StageDraft earlier = named(ref);
    return earlier != null ? Base.stage(earlier.referenceName()) : Base.image(ref);
  }

  private StageDraft named(String ref) {
    return byName.get(ref.toLowerCase(Locale.ROOT));
  }

  /**
   * The build stages the last stage needs, directly or through each other, in file order;
   * the others are left out with a warning at their FROM.
   */
  List<StageDraft> keep() {
    kept = needed();
    return kept;
  }

  /** The step places of each kept build stage. */
  List<List<ImportResult.Place>> keptPlaces() {
    return kept.stream().map(d -> d.places).toList();
  }

  private List<StageDraft> needed() {
    if (stages.isEmpty()) {
      return List.of();
    }
    Map<String, StageDraft> candidates = new LinkedHashMap<>();
    for (StageDraft s : stages.subList(0, stages.size() - 1)) {
      if (s.name != null) {
        candidates.put(s.name, s);
      }
    }
    List<StageDraft> keep = new ArrayList<>();
    Set<StageDraft> taken = new HashSet<>();
    Deque<StageDraft> todo = new ArrayDeque<>(List.of(current()));
    while (!todo.isEmpty()) {
      for (String name : references(todo.pop())) {
        StageDraft s = candidates.remove(name);
        if (s != null) {
          keep.add(s);
          taken.add(s);
          todo.push(s);
        }
      }
    }
    for (StageDraft s : stages.subList(0, stages.size() - 1)) {
      if (!taken.contains(s)) {
        diagnostics.warning(s.fromPlace.line(), s.fromPlace.column(), (s.name == null
            ? "this unnamed stage" : "stage " + s.name) + " is left out: the last stage does not"
            + " copy, mount or build on it");
      }
    }
    keep.sort((a, b) -> Integer.compare(a.index, b.index));
    return keep;
  }

  private static List<String> references(StageDraft s) {
    List<String> out = new ArrayList<>();
    add(s.base, out);
    for (Step step : s.steps) {
      if (step instanceof CopyStep c) {
        add(c.from(), out);
      } else if (step instanceof RunStep r) {
        for (Mount m : r.mounts()) {
          add(m.from(), out);
        }
      }
    }
    return out;
  }

  private static void add(Base ref, List<String> out) {
    if (ref != null && ref.stage() != null) {
      out.add(ref.stage());
    }
  }

  static Stage stage(StageDraft d) {
    return new Stage(d.referenceName(), d.base, d.shell, d.steps);
  }

  /**
   * SHELL sets the shell of the stage's run steps; one that comes after a run step would change
   * only the ones below it, which a stage's single shell cannot say.
   */
  void shell(Instruction ins) {
    ExecForm.Parsed p = ExecForm.looksLikeJson(ins.args()) ? ExecForm.parse(ins.args()) : null;
    if (p == null || p.argv() == null || p.argv().isEmpty()) {
      diagnostics.error(ins.line(), ins.column(), "SHELL takes a JSON array such as"
          + " [\"/bin/bash\", \"-c\"]");
      return;
    }
    StageDraft stage = current();
    for (Step s : stage.steps) {
      if (!(s instanceof EnvStep || s instanceof WorkdirStep || s instanceof UserStep
          || s instanceof CopyStep || s instanceof DownloadStep)) {
        diagnostics.error(ins.line(), ins.column(), "SHELL after a RUN changes only the RUNs"
            + " below it, and a template has one shell per stage: move SHELL above the first RUN,"
            + " or run the later commands through the shell (bash -c '…')");
        return;
      }
    }
    stage.shell = p.argv();
  }

  /**
   * The place of a validation problem: the instruction of the step, or the FROM of the stage
   * it is about; null when it is about the template as a whole.
   */
  ImportResult.Place placeOf(int step, String field) {
    StageDraft last = current();
    if (last == null) {
      return null;
    }
    if (step == 0) {
      return last.fromPlace;
    }
    if (step > 0) {
      return step <= last.places.size() ? last.places.get(step - 1) : null;
    }
    Matcher m = STAGE_FIELD.matcher(field == null ? "" : field);
    if (!m.lookingAt() || Integer.parseInt(m.group(1)) >= kept.size()) {
      return field != null && field.startsWith("steps[") ? last.fromPlace : null;
    }
    StageDraft d = kept.get(Integer.parseInt(m.group(1)));
    if (m.group(2) != null && Integer.parseInt(m.group(2)) < d.places.size()) {
      return d.places.get(Integer.parseInt(m.group(2)));
    }
    return d.fromPlace;
  }
}
