package dev.templatestudio.app.studio.inspector;

import dev.templatestudio.app.studio.build.StepProgress;
import dev.templatestudio.app.studio.build.StepState;
import dev.templatestudio.app.studio.common.StudioDialogs;
import dev.templatestudio.app.studio.document.StepKind;
import dev.templatestudio.app.studio.workspace.EditorSession;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.Step;
import dev.templatestudio.bridge.template.Template;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.collections.MapChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.VBox;

/**
 * The inspector: a form for the selected card (base, step, or start) and one for the template
 * as a whole. Forms are rebuilt only when their layout changes (another card, another kind);
 * otherwise edits update the fields in place, so typing is never disturbed. FX thread.
 */
public final class InspectorView {
  private final EditorSession session;
  private final StudioDialogs dialogs;
  private final Consumer<String> onError;
  private final TabPane tabs = new TabPane();
  private final Label heading = new Label();
  private final Label lastBuild = new Label();
  private final ScrollPane stepScroll = new ScrollPane();
  private final ScrollPane templateScroll = new ScrollPane();
  private FormBinder stepBinder;
  private FormBinder templateBinder;
  private String stepKey = "";
  private String templateKey = "";

  public InspectorView(EditorSession session, StudioDialogs dialogs, Consumer<String> onError) {
    this.session = session;
    this.dialogs = dialogs;
    this.onError = onError;
    heading.getStyleClass().add("pane-title");
    heading.setId("inspector-heading");
    lastBuild.getStyleClass().add("hint");
    lastBuild.setId("inspector-last-build");
    lastBuild.setWrapText(true);
    stepScroll.setFitToWidth(true);
    templateScroll.setFitToWidth(true);
    VBox step = new VBox(4, heading, lastBuild, stepScroll);
    step.setPadding(new Insets(6));
    Tab stepTab = new Tab("Selected", step);
    stepTab.setId("inspector-step-tab");
    Tab templateTab = new Tab("Template", templateScroll);
    templateTab.setId("inspector-template-tab");
    tabs.getTabs().addAll(stepTab, templateTab);
    tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    tabs.setId("inspector");
    tabs.setMinWidth(260);
    session.document().templateProperty().addListener((o, a, t) -> refresh());
    session.pipeline().focusedPartProperty().addListener((o, a, p) -> {
      refresh();
      // A card just selected or added: show its form, even if the Template tab was in front.
      if (p.intValue() >= 0) {
        showStepTab();
      }
    });
    session.builds().steps().addListener((MapChangeListener<Integer, StepProgress>) c -> showLastBuild());
    session.pipeline().unchangedPartsProperty().addListener((o, a, n) -> showLastBuild());
    refresh();
  }

  public TabPane node() {
    return tabs;
  }

  /** Shows the template tab (for a problem of the template as a whole). */
  public void showTemplateTab() {
    tabs.getSelectionModel().select(1);
  }

  /** Shows the selected-card tab. */
  public void showStepTab() {
    tabs.getSelectionModel().select(0);
  }

  private void refresh() {
    Template t = session.document().template();
    int part = session.pipeline().focusedPart();
    String key = keyOf(t, part);
    if (!key.equals(stepKey)) {
      stepKey = key;
      stepBinder = new FormBinder(session.document());
      stepScroll.setContent(stepForm(t, part));
      showLastBuild();
    } else {
      stepBinder.pull();
    }
    String tKey = TemplateForms.layoutKey(t);
    if (!tKey.equals(templateKey)) {
      templateKey = tKey;
      templateBinder = new FormBinder(session.document());
      templateScroll.setContent(TemplateForms.template(templateBinder, session.document()));
    } else {
      templateBinder.pull();
    }
    // Decorations need the fields in a scene: after this pulse's layout.
    Platform.runLater(this::decorate);
  }

  private void decorate() {
    stepBinder.decorate(session.problems().problems());
    templateBinder.decorate(session.problems().problems());
  }

  private static String keyOf(Template t, int part) {
    int n = t.steps().size();
    String what;
    if (part < 0) {
      what = "none";
    } else if (part == 0) {
      what = "base";
    } else if (part <= n) {
      Step s = t.steps().get(part - 1);
      what = s == null ? "null" : s.getClass().getSimpleName();
    } else {
      what = "start";
    }
    return part + ":" + what + ":" + TemplateForms.layoutKey(t);
  }

  private VBox stepForm(Template t, int part) {
    int n = t.steps().size();
    FormGrid form;
    if (part < 0) {
      heading.setText("Nothing selected");
      form = new FormGrid().hint("Select a card in the pipeline to edit it, or use the Template tab.");
    } else if (part == 0) {
      heading.setText("Base image \u00B7 step 0");
      form = TemplateForms.base(new FormGrid(), stepBinder, session.document());
    } else if (part <= n && t.steps().get(part - 1) != null) {
      Step s = t.steps().get(part - 1);
      heading.setText(StepKind.of(s).label() + " \u00B7 step " + part);
      int i = part - 1;
      form = StepForms.form(stepBinder, i, s, () -> addCopySources(i));
    } else {
      heading.setText("Start command and ready check");
      form = TemplateForms.start(new FormGrid(), stepBinder, session.document());
    }
    return new VBox(form);
  }

  private void showLastBuild() {
    int part = session.pipeline().focusedPart();
    StepProgress p = session.builds().steps().get(part);
    if (p == null) {
      lastBuild.setText("");
    } else if (session.pipeline().changedSinceBuild(part)) {
      lastBuild.setText("Last build: " + p.state().label() + " \u2014 changed since then; it will be built again");
    } else if (p.detail() != null) {
      lastBuild.setText("Last build: " + p.state().label() + " \u2014 " + p.detail());
    } else if (p.missReason() != null && (p.state() == StepState.DONE || p.state() == StepState.RUNNING
        || p.state() == StepState.FAILED)) {
      lastBuild.setText("Last build: " + p.state().label() + " \u2014 rebuilt because " + p.missReason());
    } else {
      lastBuild.setText("Last build: " + p.state().label());
    }
  }

  private void addCopySources(int i) {
    Path context = session.contextDir();
    List<String> chosen = new ArrayList<>();
    for (Path p : dialogs.chooseCopySources(context)) {
      Path rel = context.toAbsolutePath().normalize().relativize(p.toAbsolutePath().normalize());
      if (rel.startsWith("..") || rel.isAbsolute()) {
        onError.accept(p + " is outside the context folder " + context + "; copy sources must be inside it.");
        return;
      }
      chosen.add(rel.toString().isEmpty() ? "." : rel.toString().replace('\\', '/'));
    }
    if (!chosen.isEmpty()) {
      session.document().edit("Add copy sources", t -> {
        CopyStep c = (CopyStep) t.steps().get(i);
        List<String> sources = new ArrayList<>(c.sources());
        chosen.stream().filter(x -> !sources.contains(x)).forEach(sources::add);
        return t.withStep(i, new CopyStep(sources, c.dest(), c.user(), c.mode(), c.force()));
      });
    }
  }
}
