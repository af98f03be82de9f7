package dev.templatestudio.app.studio.machines;

import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.StyleClassedTextArea;
import org.fxmisc.richtext.util.UndoUtils;

/**
 * The console of one machine: what its commands printed (stderr in its own colour, each
 * command line and its exit code marked) above a command line. Enter runs, Up and Down walk the
 * history, Ctrl+L clears, Interrupt (or Ctrl+C with nothing selected) kills the running command.
 * FX thread.
 */
final class ConsoleView {
  private final ConsoleViewModel vm;
  private final StyleClassedTextArea output = new StyleClassedTextArea();
  private final TextField input = new TextField();
  private final VBox root;
  private final ListChangeListener<ConsoleViewModel.Line> onLines = this::linesChanged;
  /** Lines in the output area, each one paragraph (an empty line too). */
  private int shown;

  /** @param row the machine, named in the console's heading */
  ConsoleView(ConsoleViewModel vm, MachineRow row) {
    this.vm = vm;
    Label title = new Label("CONSOLE");
    title.getStyleClass().add("pane-title");
    title.setMinWidth(Region.USE_PREF_SIZE);
    Label which = new Label(row.id() + " \u00B7 " + MachineText.shortRef(row.ref()));
    which.setId("console-machine");
    which.setTooltip(new Tooltip(row.ref()));
    which.setMinWidth(0);
    HBox heading = new HBox(8, title, which);
    heading.setAlignment(Pos.CENTER_LEFT);
    heading.setPadding(new Insets(3, 6, 3, 6));
    heading.getStyleClass().add("pane-bar");
    heading.setMinHeight(Region.USE_PREF_SIZE);
    output.setId("console-output");
    output.getStyleClass().addAll("build-log", "console-output");
    output.setEditable(false);
    output.setWrapText(true);
    output.setUndoManager(UndoUtils.noOpUndoManager());
    VirtualizedScrollPane<StyleClassedTextArea> scroll = new VirtualizedScrollPane<>(output);
    VBox.setVgrow(scroll, Priority.ALWAYS);

    Label prompt = new Label("$");
    prompt.getStyleClass().add("console-prompt");
    input.setId("console-input");
    input.setTooltip(new Tooltip("Runs with sh -c in the machine. Enter runs, Up and Down walk the history, "
        + "Ctrl+L clears"));
    input.setPromptText("a command \u00B7 Enter runs \u00B7 \u2191 history");
    input.disableProperty().bind(vm.goneProperty());
    HBox.setHgrow(input, Priority.ALWAYS);
    input.addEventFilter(KeyEvent.KEY_PRESSED, this::keys);
    Button run = new Button("Run");
    run.setId("console-run");
    run.disableProperty().bind(vm.runningProperty().or(vm.goneProperty()));
    run.setOnAction(e -> runTyped());
    Button interrupt = new Button("Interrupt");
    interrupt.setId("console-interrupt");
    interrupt.setTooltip(new Tooltip("Kill the running command (Ctrl+C with nothing selected)"));
    interrupt.disableProperty().bind(vm.runningProperty().not());
    interrupt.setOnAction(e -> vm.interrupt());
    Button clear = new Button("Clear");
    clear.setTooltip(new Tooltip("Empty the console (Ctrl+L); the history stays"));
    clear.setOnAction(e -> vm.clear());
    Label exit = new Label();
    exit.setId("console-exit");
    exit.getStyleClass().add("hint");
    exit.textProperty().bind(vm.lastExitProperty());
    for (Region r : new Region[] {run, interrupt, clear, exit, prompt}) {
      r.setMinWidth(Region.USE_PREF_SIZE);
    }
    HBox line = new HBox(6, prompt, input, run, interrupt, clear, exit);
    line.setAlignment(Pos.CENTER_LEFT);
    line.setPadding(new Insets(3, 6, 3, 6));
    line.getStyleClass().add("pane-bar");
    root = new VBox(heading, scroll, line);
    root.getStyleClass().add("console");
    show(vm.lines());
    vm.lines().addListener(onLines);
  }

  VBox node() {
    return root;
  }

  /** Puts the focus on the command line. */
  void focus() {
    input.requestFocus();
  }

  /** Stops following the console's lines; the machine is gone from the table. */
  void dispose() {
    vm.lines().removeListener(onLines);
  }

  private void keys(KeyEvent e) {
    if (e.getCode() == KeyCode.ENTER) {
      runTyped();
    } else if (e.getCode() == KeyCode.UP) {
      String previous = vm.previous();
      if (previous != null) {
        input.setText(previous);
        input.end();
      }
    } else if (e.getCode() == KeyCode.DOWN) {
      input.setText(vm.next());
      input.end();
    } else if (e.isShortcutDown() && e.getCode() == KeyCode.L) {
      vm.clear();
    } else if (e.isShortcutDown() && e.getCode() == KeyCode.C && input.getSelectedText().isEmpty()
        && vm.runningProperty().get()) {
      vm.interrupt();
    } else {
      return;
    }
    e.consume();
  }

  private void runTyped() {
    if (vm.run(input.getText())) {
      input.clear();
    }
  }

  private void linesChanged(ListChangeListener.Change<? extends ConsoleViewModel.Line> c) {
    while (c.next()) {
      if (c.wasRemoved()) {
        if (c.getList().isEmpty()) {
          output.clear();
          shown = 0;
        } else {
          int paragraphs = Math.min(c.getRemovedSize(), shown - 1);
          output.deleteText(0, output.getAbsolutePosition(paragraphs, 0));
          shown -= paragraphs;
        }
      }
      if (c.wasAdded()) {
        show(c.getAddedSubList());
      }
    }
    output.requestFollowCaret();
    output.moveTo(output.getLength());
    output.requestFollowCaret();
  }

  /** Appends {@code lines}, each run of one kind in one change. */
  private void show(List<? extends ConsoleViewModel.Line> lines) {
    int i = 0;
    while (i < lines.size()) {
      String kind = lines.get(i).kind();
      StringBuilder text = new StringBuilder();
      for (; i < lines.size() && lines.get(i).kind().equals(kind); i++) {
        if (shown++ > 0) {
          text.append('\n');
        }
        text.append(lines.get(i).text());
      }
      output.append(text.toString(), List.of("console-" + kind));
    }
  }
}
