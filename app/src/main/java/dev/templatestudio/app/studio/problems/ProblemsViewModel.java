package dev.templatestudio.app.studio.problems;

import dev.templatestudio.bridge.text.Plural;
import dev.templatestudio.app.studio.common.TaskRunner;
import dev.templatestudio.app.studio.document.TemplateDocument;
import dev.templatestudio.bridge.dockerfile.Diagnostic;
import dev.templatestudio.bridge.lint.Finding;
import dev.templatestudio.bridge.lint.TemplateLinter;
import dev.templatestudio.bridge.template.Problem;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.TemplateStages;
import dev.templatestudio.bridge.template.TemplateValidator;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/**
 * The problems of one document: the validator's findings, re-checked on every edit, the
 * diagnostics of the Dockerfile it was imported from, and the lint's findings (docs/lint.md),
 * computed in the background after every edit and shown as warnings that never block a build.
 * Also says why the template cannot be built, if it cannot. FX thread only.
 */
public final class ProblemsViewModel {
  private final TemplateDocument document;
  private final ObservableList<ProblemItem> items = FXCollections.observableArrayList();
  private final ReadOnlyIntegerWrapper errorCount = new ReadOnlyIntegerWrapper(this, "errorCount");
  private final ReadOnlyStringWrapper blockedReason = new ReadOnlyStringWrapper(this, "blockedReason", "");
  private final ReadOnlyStringWrapper blockedShort = new ReadOnlyStringWrapper(this, "blockedShort", "");
  private final ReadOnlyBooleanWrapper importBlocks = new ReadOnlyBooleanWrapper(this, "importBlocks");
  private final TaskRunner tasks;
  private List<Problem> problems = List.of();
  private List<Finding> findings = List.of();
  /** Counts lint runs, so the findings of a template edited since are dropped, not shown. */
  private long lintRun;

  public ProblemsViewModel(TemplateDocument document, TaskRunner tasks) {
    this.document = document;
    this.tasks = tasks;
    document.templateProperty().addListener((obs, old, t) -> {
      importBlocks.set(false);
      refresh();
      lint();
    });
    document.importDiagnostics().addListener((ListChangeListener<Diagnostic>) c -> {
      importBlocks.set(document.importDiagnostics().stream().anyMatch(Diagnostic::isError));
      refresh();
    });
    importBlocks.set(document.importDiagnostics().stream().anyMatch(Diagnostic::isError));
    refresh();
    lint();
  }

  /**
   * True while the import's errors (instructions that could not be imported) block the build:
   * from the import until the user edits the template or dismisses them.
   */
  public ReadOnlyBooleanProperty importBlocksProperty() {
    return importBlocks.getReadOnlyProperty();
  }

  /** The user has seen the import's errors and builds what was imported anyway. */
  public void dismissImportErrors() {
    if (importBlocks.get()) {
      importBlocks.set(false);
      refresh();
    }
  }

  /** Why Build is disabled in a few words, such as "Cannot build: 1 error in step 2"; "" when it can. */
  public ReadOnlyStringProperty blockedShortProperty() {
    return blockedShort.getReadOnlyProperty();
  }

  /** The first error of card {@code part} as its row's text; null when the card has none. */
  public String firstErrorOf(int part) {
    return items.stream().filter(i -> i.error() && i.part() == part && part >= 0).map(ProblemItem::text)
        .findFirst().orElse(null);
  }

  /** The first error of card {@code part} (0 its base, 1…N its steps) of build stage {@code stage}; null if none. */
  public String firstErrorOf(int stage, int part) {
    return items.stream().filter(i -> i.error() && i.line() == 0 && TemplateStages.stageOf(i.field()) == stage
        && TemplateStages.partOf(TemplateStages.localField(i.field())) == part).map(ProblemItem::text)
        .findFirst().orElse(null);
  }

  /** True when nothing stops a build: no validation error, no import error not yet dismissed. */
  public boolean canBuild() {
    return blockedReason.get().isEmpty();
  }

  /** Import diagnostics first (in line order), then validation problems, then lint findings, in document order. */
  public ObservableList<ProblemItem> items() {
    return items;
  }

  /** The validator's problems, for decorating the inspector's fields. */
  public List<Problem> problems() {
    return problems;
  }

  /** Validation errors: a template with any cannot be built. */
  public ReadOnlyIntegerProperty errorCountProperty() {
    return errorCount.getReadOnlyProperty();
  }

  /** Why Build is disabled, in one line; "" when the template can be built. */
  public ReadOnlyStringProperty blockedReasonProperty() {
    return blockedReason.getReadOnlyProperty();
  }

  private void lint() {
    long run = ++lintRun;
    Template t = document.template();
    // Infos (a base pinned by tag only) are for the command line: on nearly every template they
    // would bury the rows that need doing something about.
    tasks.run(() -> TemplateLinter.lint(t).stream().filter(f -> f.severity() != Finding.Severity.INFO).toList(),
        found -> showLint(run, found),
        // Lint is advice: should it ever fail, Problems shows no lint rather than stale lint.
        failure -> showLint(run, List.of()));
  }

  private void showLint(long run, List<Finding> found) {
    if (run == lintRun) {
      findings = found;
      refresh();
    }
  }

  /**
   * Where a problem is, as the cards number it: "step 5, command" for the start's command, not
   * the JSON path "start.command" (a step's own place already reads so).
   */
  private static String place(Problem p, int part) {
    if (p.step() >= 1 || part < 0) {
      return p.place();
    }
    String field = p.field();
    int dot = field.lastIndexOf('.');
    return "step " + part + (dot < 0 ? "" : ", " + field.substring(dot + 1));
  }

  private void refresh() {
    Template t = document.template();
    problems = TemplateValidator.validate(t);
    List<ProblemItem> rows = new ArrayList<>();
    for (Diagnostic d : document.importDiagnostics()) {
      rows.add(new ProblemItem(d.isError(), "line " + d.line(), d.message(), -1, d.line(), "", null));
    }
    int errors = 0;
    Problem first = null;
    for (Problem p : problems) {
      String inStage = TemplateStages.place(t, p.field());
      if (inStage != null) {
        // A build stage's step: its card is in that stage's pipeline, not the final one's.
        rows.add(new ProblemItem(p.isError(), inStage, p.message(), -1, 0, p.field(), null));
        if (p.isError()) {
          errors++;
          first = first == null ? p : first;
        }
        continue;
      }
      int part = p.step() < 0 ? -1 : p.step();
      if (part < 0 && p.field().startsWith("start")) {
        part = t.steps().size() + 1;
      } else if (part < 0 && (p.field().equals("base") || p.field().startsWith("base."))) {
        part = 0;
      }
      rows.add(new ProblemItem(p.isError(), place(p, part), p.message(), part, 0, p.field(), null));
      if (p.isError()) {
        errors++;
        first = first == null ? p : first;
      }
    }
    for (Finding f : findings) {
      int part = f.step() >= 0 ? f.step() : -1;
      rows.add(new ProblemItem(false, f.place(), f.rule() + ": " + f.message() + " (fix: " + f.fix() + ")", part, 0,
          f.field(), f.rule()));
    }
    errorCount.set(errors);
    if (first != null) {
      int part = rows.stream().filter(ProblemItem::error).filter(r -> r.line() == 0).findFirst()
          .map(ProblemItem::part).orElse(-1);
      blockedShort.set("Cannot build: " + Plural.of(errors, "error")
          + (part == 0 ? " in the base" : part > 0 && part <= t.steps().size() ? " in step " + part
          : part > t.steps().size() ? " in the start command" : ""));
      String where = TemplateStages.place(t, first.field());
      blockedReason.set("Cannot build: " + Plural.of(errors, "error") + " \u2014 "
          + (where != null ? where : first.place()) + ": " + first.message());
    } else if (importBlocks.get()) {
      long dropped = document.importDiagnostics().stream().filter(Diagnostic::isError).count();
      blockedShort.set("Cannot build: " + Plural.of(dropped, "instruction") + " not imported");
      blockedReason.set(dropped == 1 ? "1 instruction of the Dockerfile could not be imported; see Problems"
          : dropped + " instructions of the Dockerfile could not be imported; see Problems");
    } else {
      blockedShort.set("");
      blockedReason.set("");
    }
    // Last: listeners of the rows (the cards' error marks) read the counts and reasons above.
    items.setAll(rows);
  }
}
