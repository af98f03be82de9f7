package dev.templatestudio.app.studio.preview;

import dev.templatestudio.app.studio.common.Icons;
import dev.templatestudio.app.studio.common.StudioDialogs;
import dev.templatestudio.bridge.dockerfile.RenderedDockerfile.LineRange;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.CodeArea;
import org.fxmisc.richtext.LineNumberFactory;

/**
 * The read-only preview: a code area with line numbers, highlighting and the selected card's
 * lines marked in every format; a switch between Dockerfile, JSON and Python; copy and export.
 * Clicking a line selects its card. FX thread.
 */
public final class PreviewView {
  private static final List<String> SELECTED = List.of("selected-line");
  private final PreviewViewModel vm;
  private final CodeArea area = new CodeArea();
  private final VBox root;
  private LineRange marked;

  /**
   * @param onPartClicked selects the card of a clicked line
   * @param export        writes text to a chosen file (in the background)
   */
  public PreviewView(PreviewViewModel vm, IntConsumer onPartClicked, StudioDialogs dialogs,
      Supplier<Path> folder, BiConsumer<Path, String> export) {
    this.vm = vm;
    area.setId("preview");
    area.setEditable(false);
    area.getStyleClass().add("preview");
    area.setParagraphGraphicFactory(LineNumberFactory.get(area));
    area.setOnMouseClicked(e -> {
      int part = vm.partAtLine(area.getCurrentParagraph() + 1);
      if (part >= 0) {
        onPartClicked.accept(part);
      }
    });
    ToggleGroup group = new ToggleGroup();
    HBox bar = new HBox(4);
    bar.getStyleClass().add("pane-bar");
    for (PreviewFormat f : PreviewFormat.values()) {
      ToggleButton b = new ToggleButton(f.label());
      b.setMinWidth(Region.USE_PREF_SIZE);
      b.setId("preview-" + f.name().toLowerCase());
      b.setToggleGroup(group);
      b.setUserData(f);
      b.setSelected(f == vm.formatProperty().get());
      if (f != PreviewFormat.SOURCE || vm.hasSource()) {
        bar.getChildren().add(b);
      }
    }
    group.selectedToggleProperty().addListener((obs, o, n) -> {
      if (n == null) {
        o.setSelected(true);
      } else {
        vm.formatProperty().set((PreviewFormat) n.getUserData());
      }
    });
    vm.formatProperty().addListener((obs, o, f) -> group.getToggles().forEach(t -> t.setSelected(t.getUserData() == f)));
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    // Icons with tooltips: the format buttons keep their whole labels in a narrow pane.
    Button copy = new Button(null, Icons.node("copy", 14));
    copy.setId("preview-copy");
    copy.setTooltip(new Tooltip("Copy the preview to the clipboard"));
    copy.setOnAction(e -> {
      ClipboardContent c = new ClipboardContent();
      c.putString(vm.text());
      Clipboard.getSystemClipboard().setContent(c);
    });
    Button save = new Button(null, Icons.node("save", 14));
    save.setId("preview-export");
    save.setTooltip(new Tooltip("Export: save the preview to a file"));
    save.setOnAction(e -> dialogs.chooseExportFile(vm.formatProperty().get().fileName(), folder.get())
        .ifPresent(p -> export.accept(p, vm.text())));
    bar.getChildren().addAll(spacer, copy, save);
    bar.setPadding(new Insets(3));
    // The pane is never narrower than its bar: the split's divider stops there.
    bar.setMinWidth(Region.USE_PREF_SIZE);
    VirtualizedScrollPane<CodeArea> scroll = new VirtualizedScrollPane<>(area);
    VBox.setVgrow(scroll, Priority.ALWAYS);
    root = new VBox(bar, scroll);
    vm.textProperty().addListener((obs, o, t) -> show(t));
    vm.selectedLinesProperty().addListener((obs, o, r) -> mark(r, true));
    show(vm.text());
  }

  public VBox node() {
    return root;
  }

  /** The code area (for tests and the benchmark). */
  public CodeArea area() {
    return area;
  }

  /** Shows the imported Dockerfile with line {@code line} (1-based) selected. */
  public void revealSourceLine(int line) {
    vm.formatProperty().set(PreviewFormat.SOURCE);
    int par = Math.max(0, Math.min(line - 1, area.getParagraphs().size() - 1));
    area.selectRange(par, 0, par, area.getParagraph(par).length());
    area.showParagraphAtCenter(par);
  }

  private void show(String text) {
    double scroll = area.getEstimatedScrollY();
    replaceChanged(text);
    PreviewFormat f = vm.formatProperty().get();
    if (!text.isEmpty()) {
      area.setStyleSpans(0, f == PreviewFormat.JSON ? JsonPreview.highlight(text)
          : f == PreviewFormat.PYTHON ? PythonHighlighter.highlight(text) : DockerfileHighlighter.highlight(text));
    }
    marked = null;
    mark(vm.selectedLinesProperty().get(), false);
    area.estimatedScrollYProperty().setValue(scroll);
  }

  /** Replaces only the part that changed: an edit usually touches a line or two. */
  private void replaceChanged(String text) {
    String old = area.getText();
    int max = Math.min(old.length(), text.length());
    int prefix = 0;
    while (prefix < max && old.charAt(prefix) == text.charAt(prefix)) {
      prefix++;
    }
    int suffix = 0;
    while (suffix < max - prefix && old.charAt(old.length() - 1 - suffix) == text.charAt(text.length() - 1 - suffix)) {
      suffix++;
    }
    if (prefix < old.length() - suffix || prefix < text.length() - suffix) {
      area.replaceText(prefix, old.length() - suffix, text.substring(prefix, text.length() - suffix));
    }
  }

  private void mark(LineRange r, boolean reveal) {
    if (marked != null) {
      for (int i = marked.first() - 1; i < Math.min(marked.last(), area.getParagraphs().size()); i++) {
        area.setParagraphStyle(i, List.of());
      }
    }
    marked = r;
    if (r == null) {
      return;
    }
    for (int i = r.first() - 1; i < Math.min(r.last(), area.getParagraphs().size()); i++) {
      area.setParagraphStyle(i, SELECTED);
    }
    if (reveal && r.first() - 1 < area.getParagraphs().size()) {
      area.showParagraphInViewport(r.first() - 1);
    }
  }
}
