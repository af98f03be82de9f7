package dev.templatestudio.app.studio.inspector;

import dev.templatestudio.app.studio.common.StudioDialogs;
import dev.templatestudio.bridge.template.Step;
import dev.templatestudio.bridge.template.Template;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.VBox;

/**
 * The inspector: a form for the selected card (base, step, or start) and one for the template
 * as a whole, bound to the {@link InspectorViewModel}. Forms are rebuilt only when their layout
 * changes (another card, another kind); otherwise edits update the fields in place, so typing
 * is never disturbed. FX thread.
 */
public final class InspectorView {
  private final InspectorViewModel vm;
  private final StudioDialogs dialogs;
  private final Consumer<String> onError;
  private final TabPane tabs = new TabPane();
  private final ScrollPane stepScroll = new ScrollPane();
  private final ScrollPane templateScroll = new ScrollPane();
  private FormBinder stepBinder;
  private FormBinder templateBinder;
  private String stepKey = "";
  private String templateKey = "";

  /** @param onError shows a sentence about something the person asked for that cannot be done */
  public InspectorView(InspectorViewModel vm, StudioDialogs dialogs, Consumer<String> onError) {
    this.vm = vm;
    this.dialogs = dialogs;
    this.onError = onError;
    Label heading = new Label();
    heading.getStyleClass().add("pane-title");
    heading.setId("inspector-heading");
    heading.textProperty().bind(vm.headingProperty());
    Label lastBuild = new Label();
    lastBuild.getStyleClass().add("hint");
    lastBuild.setId("inspector-last-build");
    lastBuild.setWrapText(true);
    lastBuild.textProperty().bind(vm.lastBuildProperty());
    lastBuild.managedProperty().bind(lastBuild.textProperty().isNotEmpty());
    lastBuild.visibleProperty().bind(lastBuild.managedProperty());
    Label nextBuild = new Label();
    nextBuild.getStyleClass().add("hint");
    nextBuild.setId("inspector-next-build");
    nextBuild.setWrapText(true);
    nextBuild.textProperty().bind(vm.nextBuildProperty());
    // No line for either while it has nothing to say (no build yet; a runtime that does not predict).
    nextBuild.managedProperty().bind(nextBuild.textProperty().isNotEmpty());
    nextBuild.visibleProperty().bind(nextBuild.managedProperty());
    stepScroll.setFitToWidth(true);
    templateScroll.setFitToWidth(true);
    VBox step = new VBox(4, heading, lastBuild, nextBuild, stepScroll);
    step.setPadding(new Insets(6));
    Tab stepTab = new Tab("Selected", step);
    stepTab.setId("inspector-step-tab");
    Tab templateTab = new Tab("Template", templateScroll);
    templateTab.setId("inspector-template-tab");
    tabs.getTabs().addAll(stepTab, templateTab);
    tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    tabs.setId("inspector");
    tabs.setMinWidth(260);
    vm.templateProperty().addListener((o, a, t) -> refresh());
    vm.focusedPartProperty().addListener((o, a, p) -> {
      refresh();
      // A card just selected or added: show its form, even if the Template tab was in front.
      if (p.intValue() >= 0) {
        showStepTab();
      }
    });
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
    String key = vm.partLayout();
    if (!key.equals(stepKey)) {
      stepKey = key;
      stepBinder = new FormBinder(vm);
      stepScroll.setContent(stepForm(vm.template(), vm.focusedPartProperty().get()));
    } else {
      stepBinder.pull();
    }
    String tKey = vm.templateLayout();
    if (!tKey.equals(templateKey)) {
      templateKey = tKey;
      templateBinder = new FormBinder(vm);
      templateScroll.setContent(TemplateForms.template(templateBinder, vm));
    } else {
      templateBinder.pull();
    }
    // Decorations need the fields in a scene: after this pulse's layout.
    Platform.runLater(this::decorate);
  }

  private void decorate() {
    stepBinder.decorate(vm.problems());
    templateBinder.decorate(vm.problems());
  }

  private VBox stepForm(Template t, int part) {
    int n = t.steps().size();
    FormGrid form;
    if (part < 0) {
      form = new FormGrid().hint("Select a card in the pipeline to edit it, or use the Template tab.");
    } else if (part == 0) {
      form = TemplateForms.base(new FormGrid(), stepBinder, vm);
    } else if (part <= n && t.steps().get(part - 1) != null) {
      Step s = t.steps().get(part - 1);
      int i = part - 1;
      form = StepForms.form(stepBinder, vm, i, s, () -> addCopySources(i, dialogs.chooseCopySources(vm.contextDir())),
          () -> addCopySources(i, dialogs.chooseCopyFolder(vm.contextDir()).map(List::of).orElse(List.of())));
    } else {
      form = TemplateForms.start(new FormGrid(), stepBinder, vm);
    }
    return new VBox(form);
  }

  private void addCopySources(int i, List<Path> chosen) {
    String error = vm.addCopySources(i, chosen);
    if (error != null) {
      onError.accept(error);
    }
  }
}
