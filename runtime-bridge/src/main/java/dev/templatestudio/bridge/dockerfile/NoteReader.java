package dev.templatestudio.bridge.dockerfile;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.templatestudio.bridge.dockerfile.DockerfileLexer.Note;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.Ready;
import dev.templatestudio.bridge.template.Resources;
import dev.templatestudio.bridge.template.Step;
import dev.templatestudio.bridge.template.TemplateJson;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code # template-studio:} notes (docs/DOCKERFILE.md): template-wide ones are kept
 * here; the ones about the next instruction wait in a queue until it comes. A broken note is a
 * diagnostic at its line, never an exception. Not thread-safe: one per import.
 */
final class NoteReader {
  private static final Set<String> FOR_NEXT = Set.of(TemplateNotes.FORCE, TemplateNotes.RUN_AS,
      TemplateNotes.GIT_CLONE, TemplateNotes.STEP, TemplateNotes.FROM_TEMPLATE, TemplateNotes.BASE,
      TemplateNotes.BUILD_ENV);

  private final Diagnostics diagnostics;
  private final StartCollector start;
  private Map<String, Note> pending = new LinkedHashMap<>();
  private String name;
  private List<String> tags;
  private List<String> secrets;
  private Resources resources;
  private boolean forceBuild;
  private final List<String> lintIgnore = new ArrayList<>();
  private final Map<String, String> runtimeEnvs = new LinkedHashMap<>();

  NoteReader(Diagnostics diagnostics, StartCollector start) {
    this.diagnostics = diagnostics;
    this.start = start;
  }

  void read(Note n) {
    if (FOR_NEXT.contains(n.kind())) {
      Note earlier = pending.put(n.kind(), n);
      if (earlier != null) {
        unusedWarning(earlier, "it is repeated before the instruction it is about");
      }
      return;
    }
    switch (n.kind()) {
      case TemplateNotes.NAME -> name = n.value().strip();
      case TemplateNotes.TAGS -> tags = words(n.value());
      case TemplateNotes.SECRETS -> secrets = words(n.value());
      case TemplateNotes.RESOURCES -> resources = resources(n);
      case TemplateNotes.FORCE_BUILD -> forceBuild = true;
      case TemplateNotes.LINT_IGNORE -> lintIgnore.addAll(words(n.value()));
      case TemplateNotes.RUNTIME_ENV -> runtimeEnv(n);
      case TemplateNotes.READY -> {
        Ready ready = json(n, Ready.class, "a ready check");
        if (ready != null) {
          start.readyNote(ready);
        }
      }
      case TemplateNotes.START_EMPTY -> start.emptyNote();
      default -> diagnostics.warning(n.line(), n.column(), "unknown template-studio note \""
          + Diagnostics.cut(n.kind()) + "\"; it is ignored");
    }
  }

  /** The notes about the instruction that comes now; the queue starts empty again. */
  Map<String, Note> takePending() {
    Map<String, Note> taken = pending;
    pending = new LinkedHashMap<>();
    return taken;
  }

  /** Puts a note of {@code kind} back in the queue, for the instruction after this one. */
  void keepPending(Map<String, Note> taken, String kind) {
    Note n = taken.remove(kind);
    if (n != null) {
      pending.put(kind, n);
    }
  }

  /** Warns about notes that the instruction they preceded had no use for. */
  void unused(Map<String, Note> taken, Instruction ins) {
    for (Note n : taken.values()) {
      unusedWarning(n, "the " + Diagnostics.cut(ins.keyword()) + " on line " + ins.line()
          + " has no use for it");
    }
  }

  void finish() {
    for (Note n : pending.values()) {
      unusedWarning(n, "no instruction follows it");
    }
    pending.clear();
  }

  private void unusedWarning(Note n, String why) {
    diagnostics.warning(n.line(), n.column(), "the template-studio note \"" + n.kind()
        + "\" is ignored: " + why);
  }

  Step step(Note n) {
    return json(n, Step.class, "a step");
  }

  Base base(Note n) {
    return json(n, Base.class, "a base");
  }

  /** The value of a note holding a JSON string, or null after a diagnostic. */
  String jsonString(Note n) {
    return json(n, String.class, "a JSON string");
  }

  private <T> T json(Note n, Class<T> type, String what) {
    try {
      T value = TemplateJson.mapper().readValue(n.value(), type);
      if (value == null) {
        throw new IllegalArgumentException("null");
      }
      return value;
    } catch (JsonProcessingException | IllegalArgumentException e) {
      diagnostics.error(n.line(), n.column(), "the template-studio note \"" + n.kind()
          + "\" does not hold " + what + " in JSON; it is ignored");
      return null;
    }
  }

  private void runtimeEnv(Note n) {
    int eq = n.value().indexOf('=');
    if (eq <= 0) {
      diagnostics.error(n.line(), n.column(), "a runtime-env note is NAME=value");
      return;
    }
    String raw = n.value().substring(eq + 1);
    String value = raw.startsWith("\"")
        ? json(new Note(n.line(), n.column(), n.kind(), raw), String.class, "a JSON string")
        : raw;
    if (value != null) {
      runtimeEnvs.put(n.value().substring(0, eq), value);
    }
  }

  private Resources resources(Note n) {
    Integer cpus = null;
    Integer memory = null;
    for (String w : words(n.value())) {
      try {
        if (w.startsWith("cpus=")) {
          cpus = Integer.valueOf(w.substring(5));
          continue;
        } else if (w.startsWith("memoryMb=")) {
          memory = Integer.valueOf(w.substring(9));
          continue;
        }
      } catch (NumberFormatException e) {
        // reported below, like any other word that is not cpus=N or memoryMb=N
      }
      diagnostics.warning(n.line(), n.column(), "\"" + Diagnostics.cut(w)
          + "\" in the resources note is not cpus=N or memoryMb=N; it is ignored");
    }
    return new Resources(cpus, memory);
  }

  private static List<String> words(String value) {
    String s = value.strip();
    return s.isEmpty() ? List.of() : new ArrayList<>(Arrays.asList(s.split("[ \\t]+")));
  }

  String name() {
    return name;
  }

  List<String> tags() {
    return tags;
  }

  List<String> secrets() {
    return secrets;
  }

  Resources resources() {
    return resources;
  }

  boolean forceBuild() {
    return forceBuild;
  }

  List<String> lintIgnore() {
    return lintIgnore;
  }

  Map<String, String> runtimeEnvs() {
    return runtimeEnvs;
  }
}
