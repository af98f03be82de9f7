package dev.templatestudio.app.studio.problems;

import dev.templatestudio.app.studio.document.TemplateDocument;
import dev.templatestudio.bridge.dockerfile.Diagnostic;
import dev.templatestudio.bridge.template.Problem;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.TemplateValidator;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/**
 * The problems of one document: the validator's findings, re-checked on every edit, and the
 * diagnostics of the Dockerfile it was imported from. Also says why the template cannot be
 * built, if it cannot. FX thread only.
 */
public final class ProblemsViewModel {
  private final TemplateDocument document;
  private final ObservableList<ProblemItem> items = FXCollections.observableArrayList();
  private final ReadOnlyIntegerWrapper errorCount = new ReadOnlyIntegerWrapper(this, "errorCount");
  private final ReadOnlyStringWrapper blockedReason = new ReadOnlyStringWrapper(this, "blockedReason", "");
  private List<Problem> problems = List.of();

  public ProblemsViewModel(TemplateDocument document) {
    this.document = document;
    document.templateProperty().addListener((obs, old, t) -> refresh());
    document.importDiagnostics().addListener((ListChangeListener<Diagnostic>) c -> refresh());
    refresh();
  }

  /** Import diagnostics first (in line order), then validation problems in document order. */
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

  private void refresh() {
    Template t = document.template();
    problems = TemplateValidator.validate(t);
    List<ProblemItem> rows = new ArrayList<>();
    for (Diagnostic d : document.importDiagnostics()) {
      rows.add(new ProblemItem(d.isError(), "line " + d.line(), d.message(), -1, d.line(), ""));
    }
    int errors = 0;
    Problem first = null;
    for (Problem p : problems) {
      int part = p.step() < 0 ? -1 : p.step();
      if (part < 0 && p.field().startsWith("start")) {
        part = t.steps().size() + 1;
      }
      rows.add(new ProblemItem(p.isError(), p.place(), p.message(), part, 0, p.field()));
      if (p.isError()) {
        errors++;
        first = first == null ? p : first;
      }
    }
    items.setAll(rows);
    errorCount.set(errors);
    blockedReason.set(first == null ? ""
        : "Cannot build: " + (errors == 1 ? "1 error" : errors + " errors") + " \u2014 " + first.place() + ": " + first.message());
  }
}
