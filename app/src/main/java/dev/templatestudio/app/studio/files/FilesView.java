package dev.templatestudio.app.studio.files;

import dev.templatestudio.bridge.changes.FileChange;
import dev.templatestudio.bridge.changes.StepChanges;
import dev.templatestudio.bridge.changes.StepComparison;
import javafx.beans.Observable;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeTableCell;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The Files tab: the header (step, layer size, counts), "Biggest first", "Compare with
 * build…", the steps of two builds side by side when comparing, and the changes as a tree
 * table whose rows carry a mark and a word besides their colour. FX thread.
 */
public final class FilesView {
  private final FilesViewModel vm;
  private final VBox root = new VBox(6);
  private final Label header = new Label();
  private final Label note = new Label();
  private final TreeTableView<FileTree.Row> table = new TreeTableView<>();
  private final ListView<StepComparison> steps = new ListView<>();
  private final SplitPane split = new SplitPane();

  public FilesView(FilesViewModel vm) {
    this.vm = vm;
    header.setId("files-header");
    header.getStyleClass().add("files-header");
    header.setWrapText(true);
    header.setMinHeight(Region.USE_PREF_SIZE);
    note.setId("files-note");
    note.getStyleClass().add("hint");
    note.setWrapText(true);
    note.setMinHeight(Region.USE_PREF_SIZE);

    ProgressIndicator progress = new ProgressIndicator();
    progress.setId("files-progress");
    progress.setPrefSize(18, 18);
    progress.visibleProperty().bind(vm.loadingProperty());
    progress.managedProperty().bind(vm.loadingProperty());

    ToggleButton biggest = new ToggleButton("Biggest first");
    biggest.setId("files-biggest-first");
    biggest.setTooltip(new Tooltip("List every change flat, the biggest first, instead of as a tree"));
    biggest.selectedProperty().bindBidirectional(vm.biggestFirstProperty());

    ComboBox<BuiltTemplate> compare = new ComboBox<>(vm.others());
    compare.setId("files-compare");
    compare.setPromptText("Compare with build\u2026");
    compare.setTooltip(new Tooltip("Another build of this template: its steps beside this build's, and a step's "
        + "file differences"));
    compare.setPrefWidth(280);
    compare.setMinWidth(160);
    compare.valueProperty().addListener((o, a, picked) -> {
      if (picked != vm.comparedWithProperty().get()) {
        vm.compareWith(picked);
      }
    });
    vm.comparedWithProperty().addListener((o, a, now) -> compare.setValue(now));
    Button stop = new Button("Stop comparing");
    stop.setId("files-stop-compare");
    stop.visibleProperty().bind(vm.comparedWithProperty().isNotNull());
    stop.managedProperty().bind(stop.visibleProperty());
    stop.setOnAction(e -> vm.compareWith(null));

    // The controls keep their own row: a long step's header would squeeze them to "…".
    HBox bar = new HBox(8, biggest, compare, stop, progress);
    bar.setAlignment(Pos.CENTER_LEFT);
    for (Region r : new Region[] {biggest, stop}) {
      r.setMinWidth(Region.USE_PREF_SIZE);
    }

    buildTable();
    steps.setId("files-compare-steps");
    steps.setItems(vm.comparison());
    steps.setCellFactory(l -> new StepCell());
    steps.setMinWidth(180);
    steps.setMaxWidth(340);
    steps.getSelectionModel().selectedItemProperty().addListener((o, a, row) -> {
      if (row != null && row.step() != vm.step()) {
        vm.selectStep(row.step());
      }
    });
    vm.comparison().addListener((Observable o) -> selectStepRow());
    split.getItems().add(table);
    vm.comparedWithProperty().addListener((o, a, now) -> showSteps(now != null));

    VBox.setVgrow(split, Priority.ALWAYS);
    root.getChildren().addAll(bar, header, note, split);
    root.setPadding(new Insets(6));
    root.getStyleClass().add("files-view");

    vm.changesProperty().addListener((o, a, c) -> show());
    vm.biggestFirstProperty().addListener((o, a, b) -> show());
    vm.noteProperty().addListener((o, a, n) -> showNote());
    showNote();
    show();
  }

  public Node node() {
    return root;
  }

  private void buildTable() {
    table.setId("files-tree");
    table.setShowRoot(false);
    table.setColumnResizePolicy(TreeTableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    table.setPlaceholder(new Label("No file changes to show"));
    TreeTableColumn<FileTree.Row, FileTree.Row> path = new TreeTableColumn<>("Path");
    path.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().getValue()));
    path.setCellFactory(c -> new PathCell());
    path.setPrefWidth(260);
    TreeTableColumn<FileTree.Row, String> change = new TreeTableColumn<>("Change");
    change.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(describe(c.getValue().getValue().change())));
    change.setPrefWidth(90);
    TreeTableColumn<FileTree.Row, String> size = new TreeTableColumn<>("Size");
    size.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(sizeOf(c.getValue().getValue())));
    size.setPrefWidth(160);
    size.setStyle("-fx-alignment: CENTER-RIGHT;");
    TreeTableColumn<FileTree.Row, String> delta = new TreeTableColumn<>("Size change");
    delta.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(FilesText.delta(c.getValue().getValue().delta())));
    delta.setPrefWidth(100);
    delta.setStyle("-fx-alignment: CENTER-RIGHT;");
    table.getColumns().addAll(java.util.List.of(path, change, size, delta));
  }

  private void show() {
    StepChanges c = vm.changesProperty().get();
    header.setText(c == null ? "" : FilesText.header(c, vm.comparedWithProperty().get() != null));
    table.setRoot(c == null ? null : vm.biggestFirstProperty().get() ? FileTree.biggestFirst(c) : FileTree.tree(c));
    selectStepRow();
  }

  private void showNote() {
    note.setText(vm.noteProperty().get());
    note.setVisible(!note.getText().isEmpty());
    note.setManaged(note.isVisible());
  }

  private void showSteps(boolean comparing) {
    if (comparing && !split.getItems().contains(steps)) {
      split.getItems().add(0, steps);
      split.setDividerPositions(0.35);
    } else if (!comparing) {
      split.getItems().remove(steps);
    }
  }

  private void selectStepRow() {
    for (StepComparison r : steps.getItems()) {
      if (r.step() == vm.step() && steps.getSelectionModel().getSelectedItem() != r) {
        steps.getSelectionModel().select(r);
      }
    }
  }

  private static String describe(FileChange change) {
    return change == null ? "" : FilesText.kind(change.kind());
  }

  private static String sizeOf(FileTree.Row row) {
    if (row.change() != null && row.change().kind() == FileChange.Kind.CHANGED) {
      return FilesText.size(row.change().sizeBefore()) + " \u2192 " + FilesText.size(row.change().size());
    }
    // A folder that only holds changes sums a mix of added, changed and removed bytes: its
    // size change says what it means, a size would not.
    return row.change() == null ? "" : FilesText.size(row.size());
  }

  /** A path with its mark (+ ~ −) and its colour; a folder that only holds changes has neither. */
  private static final class PathCell extends TreeTableCell<FileTree.Row, FileTree.Row> {
    private static final String[] KINDS = {"change-added", "change-changed", "change-removed"};

    @Override
    protected void updateItem(FileTree.Row row, boolean empty) {
      super.updateItem(row, empty);
      getStyleClass().removeAll(KINDS);
      if (empty || row == null) {
        setText(null);
        setGraphic(null);
        return;
      }
      setText(row.name() + (row.change() != null && row.change().type() == FileChange.Type.DIR ? "/" : "")
          + (row.change() != null && row.change().type() == FileChange.Type.LINK ? " (link)" : ""));
      if (row.change() == null) {
        setGraphic(null);
        return;
      }
      Label mark = new Label(FilesText.mark(row.change().kind()));
      mark.getStyleClass().add("change-mark");
      mark.setMinWidth(12);
      setGraphic(mark);
      getStyleClass().add(KINDS[row.change().kind().ordinal()]);
    }
  }

  /** A step of the two builds: its number, same or changed (with the size change), its command. */
  private static final class StepCell extends ListCell<StepComparison> {
    @Override
    protected void updateItem(StepComparison row, boolean empty) {
      super.updateItem(row, empty);
      getStyleClass().removeAll("step-same", "step-changed");
      if (empty || row == null) {
        setText(null);
        setTooltip(null);
        return;
      }
      setText(FilesText.row(row));
      setTooltip(new Tooltip("Other build: " + (row.messageA() == null ? "no such step" : row.messageA())
          + "\nThis build: " + (row.messageB() == null ? "no such step" : row.messageB())));
      getStyleClass().add(row.status() == StepComparison.Status.SAME ? "step-same" : "step-changed");
    }
  }
}
