package dev.templatestudio.bridge.dockerfile;

import dev.templatestudio.bridge.dockerfile.DockerfileLexer.Note;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.EnvStep;
import dev.templatestudio.bridge.template.Stage;
import dev.templatestudio.bridge.template.Step;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.UserStep;
import dev.templatestudio.bridge.template.WorkdirStep;
import dev.templatestudio.bridge.template.WordExpansion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Maps lexed instructions to a template by CONTRACT.md §4: the stage-level instructions here,
 * RUN / COPY / ADD in {@link StepMapper}, the start part in {@link StartCollector} and the
 * template-studio notes in {@link NoteReader}. Not thread-safe: one per import.
 */
final class ImportSession {
  private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Set<String> IGNORED =
      Set.of("LABEL", "MAINTAINER", "STOPSIGNAL", "VOLUME", "ONBUILD");
  private static final Set<String> MAPPED = Set.of("FROM", "ARG", "RUN", "COPY", "ADD", "ENV",
      "WORKDIR", "USER", "CMD", "ENTRYPOINT", "HEALTHCHECK", "EXPOSE", "SHELL");

  final Diagnostics diagnostics;
  final char escape;
  final StartCollector start;
  final NoteReader notes;
  private final StepMapper stepMapper;
  final StageImport stages;
  private final Map<String, String> buildEnvs = new LinkedHashMap<>();
  private boolean sawInstruction;
  /** After a run-as note: the user of the USER it announced, until its RUN arrives. */
  private Note runAs;
  private boolean runAsUserSeen;
  private boolean expectRestore;
  /** The user in force before the run-as note: the USER that restores it is not a step. */
  private String restoreUser;

  ImportSession(Diagnostics diagnostics, char escape) {
    this.diagnostics = diagnostics;
    this.escape = escape;
    this.start = new StartCollector(diagnostics);
    this.notes = new NoteReader(diagnostics, start);
    this.stepMapper = new StepMapper(this);
    this.stages = new StageImport(diagnostics, notes, escape);
  }

  void accept(Object node) {
    if (node instanceof Note n) {
      notes.read(n);
    } else {
      sawInstruction = true;
      instruction((Instruction) node);
    }
  }

  private void instruction(Instruction ins) {
    String kw = ins.keyword().toUpperCase(Locale.ROOT);
    Map<String, Note> pending = notes.takePending();
    if (expectRestore) {
      expectRestore = false;
      if (kw.equals("USER") && pending.isEmpty() && restoresUser(ins)) {
        return;
      }
    }
    if (runAs != null && !kw.equals("RUN")) {
      abandonRunAs();
    }
    if (!MAPPED.contains(kw) && !IGNORED.contains(kw)) {
      diagnostics.error(ins.line(), ins.column(),
          "unknown instruction " + Diagnostics.cut(ins.keyword()));
      notes.unused(pending, ins);
      return;
    }
    if (stages.current() == null && !kw.equals("ARG") && !kw.equals("FROM")) {
      diagnostics.error(ins.line(), ins.column(), Diagnostics.cut(ins.keyword())
          + " comes before FROM; only ARG may come before FROM");
      notes.unused(pending, ins);
      return;
    }
    Step step = kw.equals("FROM") || kw.equals("ARG") ? null : stepFromNote(pending);
    if (step != null) {
      addStep(step, ins.line(), ins.column());
    } else {
      step = map(kw, ins, pending);
      if (step != null) {
        Note force = pending.remove(TemplateNotes.FORCE);
        addStep(force != null ? step.withForce(true) : step, ins.line(), ins.column());
      }
    }
    notes.unused(pending, ins);
  }

  private void addStep(Step step, int line, int column) {
    stages.current().steps.add(step);
    stages.current().places.add(new ImportResult.Place(line, column));
  }

  private Step stepFromNote(Map<String, Note> pending) {
    Note note = pending.remove(TemplateNotes.STEP);
    return note == null ? null : notes.step(note);
  }

  private Step map(String kw, Instruction ins, Map<String, Note> pending) {
    switch (kw) {
      case "FROM":
        from(ins, pending);
        return null;
      case "ARG":
        arg(ins, pending);
        return null;
      case "SHELL":
        stages.shell(ins);
        return null;
      case "RUN":
        return run(ins, pending);
      case "COPY":
      case "ADD":
        return stepMapper.copy(ins, kw);
      case "ENV":
        return env(ins);
      case "WORKDIR":
        return workdir(ins);
      case "USER":
        return user(ins, pending);
      case "CMD":
      case "ENTRYPOINT":
      case "HEALTHCHECK":
      case "EXPOSE":
        stepMapper.startPart(ins, kw);
        return null;
      default:
        diagnostics.warning(ins.line(), ins.column(),
            kw + " is ignored: a template has no place for it");
        return null;
    }
  }

  private void from(Instruction ins, Map<String, Note> pending) {
    if (stages.current() != null) {
      start.leaveStage();
    }
    stages.from(ins, pending);
  }

  private void arg(Instruction ins, Map<String, Note> pending) {
    List<DockerWords.Word> words = DockerWords.split(ins.args(), escape);
    if (words.isEmpty()) {
      diagnostics.error(ins.line(), ins.column(), "ARG needs a name");
      return;
    }
    StageDraft stage = stages.current();
    Note valueNote = stage != null && words.size() == 1 ? pending.remove(TemplateNotes.BUILD_ENV) : null;
    for (DockerWords.Word w : words) {
      int eq = w.text().indexOf('=');
      String name = eq < 0 ? w.text() : w.text().substring(0, eq);
      if (!checkName(name, "ARG", ins, w.offset())) {
        continue;
      }
      if (stage == null) {
        stages.globalArg(name, eq < 0 ? null : w.text().substring(eq + 1), ins, w.offset() + eq + 1);
        continue;
      }
      String value;
      if (valueNote != null) {
        value = notes.jsonString(valueNote);
      } else if (eq < 0) {
        value = buildEnvs.containsKey(name) ? buildEnvs.get(name) : stages.globalValue(name);
      } else {
        value = processed(w.text().substring(eq + 1), ins, w.offset() + eq + 1);
      }
      if (value == null) {
        continue;
      }
      String earlier = buildEnvs.put(name, value);
      if (earlier != null && !earlier.equals(value)) {
        diagnostics.warning(ins.lineAt(w.offset()), ins.columnAt(w.offset()), "ARG "
            + Diagnostics.cut(name) + " had another value in an earlier stage; a template has one"
            + " value per build env, and this later one is kept");
      }
      inScope(stage, name, value);
    }
  }

  /** Records what EXPOSE $NAME would see; a value that cannot be known is left unset. */
  private static void inScope(StageDraft stage, String name, String value) {
    try {
      stage.scope.put(name, WordExpansion.expand(value, stage.scope));
    } catch (WordExpansion.Unexpandable e) {
      stage.scope.remove(name);
    }
  }

  private Step env(Instruction ins) {
    List<DockerWords.Word> words = DockerWords.split(ins.args(), escape);
    if (words.isEmpty()) {
      diagnostics.error(ins.line(), ins.column(), "ENV needs NAME=value");
      return null;
    }
    Map<String, String> vars = new LinkedHashMap<>();
    DockerWords.Word first = words.get(0);
    if (first.text().indexOf('=') < 0) {
      String rest = ins.args().substring(first.offset() + first.text().length()).strip();
      if (rest.isEmpty()) {
        diagnostics.error(ins.line(), ins.column(), "ENV " + Diagnostics.cut(first.text())
            + " needs a value (ENV NAME value or ENV NAME=value)");
        return null;
      }
      int at = ins.args().indexOf(rest, first.offset() + first.text().length());
      String value = processed(rest, ins, at);
      if (value == null || !checkName(first.text(), "ENV", ins, first.offset())) {
        return null;
      }
      vars.put(first.text(), value);
      inScope(stages.current(), first.text(), value);
      return new EnvStep(vars);
    }
    for (DockerWords.Word w : words) {
      int eq = w.text().indexOf('=');
      if (eq < 0) {
        diagnostics.error(ins.lineAt(w.offset()), ins.columnAt(w.offset()), "\""
            + Diagnostics.cut(w.text()) + "\" has no '='; in this form every word is NAME=value");
        return null;
      }
      String name = w.text().substring(0, eq);
      String value = processed(w.text().substring(eq + 1), ins, w.offset() + eq + 1);
      if (value == null || !checkName(name, "ENV", ins, w.offset())) {
        return null;
      }
      vars.put(name, value);
    }
    vars.forEach((k, v) -> inScope(stages.current(), k, v));
    return new EnvStep(vars);
  }

  private Step workdir(Instruction ins) {
    String path = processed(ins.args(), ins, 0);
    if (path == null) {
      return null;
    }
    if (path.isEmpty()) {
      diagnostics.error(ins.line(), ins.column(), "WORKDIR needs a path");
      return null;
    }
    String workdir = workdir();
    if (!path.startsWith("/") && !path.startsWith("$")) {
      String parent = workdir == null ? "/" : workdir;
      if (workdir == null) {
        diagnostics.warning(ins.lineAt(0), ins.columnAt(0), "relative WORKDIR "
            + Diagnostics.cut(path) + " is taken from /, because the base image's own working"
            + " directory is not known here");
      }
      path = parent.endsWith("/") ? parent + path : parent + "/" + path;
    }
    stages.current().workdir = path;
    return new WorkdirStep(path);
  }

  /** The WORKDIR in force in the stage being read, null when only its base knows it. */
  String workdir() {
    return stages.current().workdir;
  }

  /** What the stage being read knows of ARG and ENV values. */
  Map<String, String> scope() {
    return stages.current().scope;
  }

  /** What {@code --from} names: an earlier stage, else an image. */
  Base source(String ref) {
    return stages.source(ref);
  }

  private Step user(Instruction ins, Map<String, Note> pending) {
    String name = processed(ins.args(), ins, 0);
    if (name == null) {
      return null;
    }
    if (name.isEmpty()) {
      diagnostics.error(ins.line(), ins.column(), "USER needs a user name");
      return null;
    }
    Note note = pending.remove(TemplateNotes.RUN_AS);
    if (note != null && note.value().equals(name)) {
      runAs = note;
      runAsUserSeen = true;
      notes.keepPending(pending, TemplateNotes.FORCE);
      return null;
    }
    if (note != null) {
      pending.put(TemplateNotes.RUN_AS, note);
    }
    return new UserStep(name);
  }

  private Step run(Instruction ins, Map<String, Note> pending) {
    String user = null;
    if (runAs != null) {
      user = runAs.value();
      runAs = null;
      runAsUserSeen = false;
      expectRestore = true;
      restoreUser = currentUser();
    }
    return stepMapper.run(ins, pending, user);
  }

  /** The user of the last user step so far, else root (as the renderer assumes). */
  String currentUser() {
    List<Step> steps = stages.current().steps;
    for (int i = steps.size() - 1; i >= 0; i--) {
      if (steps.get(i) instanceof UserStep u && u.name() != null) {
        return u.name();
      }
    }
    return "root";
  }

  private boolean restoresUser(Instruction ins) {
    DockerWords.Processed p = DockerWords.process(ins.args(), escape);
    return p.ok() && p.value().equals(restoreUser);
  }

  /** A run-as note whose RUN never came: the USER it swallowed becomes a step again. */
  private void abandonRunAs() {
    diagnostics.warning(runAs.line(), runAs.column(),
        "this run-as note is not followed by USER, RUN, USER; the USER is kept as a step");
    if (runAsUserSeen) {
      addStep(new UserStep(runAs.value()), runAs.line(), runAs.column());
    }
    runAs = null;
    runAsUserSeen = false;
  }

  /** The processed value of a Docker word, or null after reporting where it is broken. */
  String processed(String word, Instruction ins, int offset) {
    DockerWords.Processed p = DockerWords.process(word, escape);
    if (!p.ok()) {
      int at = offset + p.errorOffset();
      diagnostics.error(ins.lineAt(at), ins.columnAt(at), p.error());
      return null;
    }
    return p.value();
  }

  private boolean checkName(String name, String what, Instruction ins, int offset) {
    if (VARIABLE.matcher(name).matches()) {
      return true;
    }
    diagnostics.error(ins.lineAt(offset), ins.columnAt(offset), what + " name \""
        + Diagnostics.cut(name) + "\" is not a variable name (letters, digits and _, not"
        + " starting with a digit)");
    return false;
  }

  /** The template as far as it could be understood. */
  Template finish() {
    if (runAs != null) {
      abandonRunAs();
    }
    notes.finish();
    StageDraft last = stages.current();
    if (last == null && sawInstruction) {
      diagnostics.error(1, 1, "there is no FROM instruction; a template needs a base image");
    }
    List<Stage> built = stages.keep().stream().map(StageImport::stage).toList();
    return new Template(Template.SCHEMA, notes.name(), notes.tags(), built,
        last == null ? null : last.base, last == null ? null : last.shell,
        last == null ? List.of() : last.steps, notes.runtimeEnvs(), buildEnvs, notes.secrets(),
        start.finish(), notes.resources(), notes.forceBuild(), notes.lintIgnore());
  }

  /** Where each step of the final stage came from (its instruction or note). */
  List<ImportResult.Place> places() {
    StageDraft last = stages.current();
    return last == null ? List.of() : last.places;
  }
}
