package dev.templatestudio.app.studio.preview;

import dev.templatestudio.app.studio.document.TemplateDocument;
import dev.templatestudio.bridge.dockerfile.DockerfileRenderer;
import dev.templatestudio.bridge.dockerfile.PythonRenderer;
import dev.templatestudio.bridge.dockerfile.RenderedDockerfile;
import dev.templatestudio.bridge.dockerfile.RenderedDockerfile.LineRange;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.TemplateJson;
import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;

/**
 * The live preview of one document: the template rendered as a Dockerfile, JSON or Python SDK
 * code, re-rendered on every edit (rendering is fast enough to do at once, see
 * docs/perf/gui.md), and the lines of the selected card. FX thread only.
 */
public final class PreviewViewModel {
  private final TemplateDocument document;
  private final ReadOnlyIntegerProperty focusedPart;
  private final ObjectProperty<PreviewFormat> format = new SimpleObjectProperty<>(this, "format", PreviewFormat.DOCKERFILE);
  private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper(this, "text", "");
  private final ReadOnlyObjectWrapper<LineRange> selectedLines = new ReadOnlyObjectWrapper<>(this, "selectedLines");
  private final String source;
  private List<LineRange> parts = List.of();

  /** @param source the text of the Dockerfile the document was imported from; null if none */
  public PreviewViewModel(TemplateDocument document, ReadOnlyIntegerProperty focusedPart, String source) {
    this.document = document;
    this.source = source;
    this.focusedPart = focusedPart;
    document.templateProperty().addListener((obs, old, t) -> render());
    format.addListener((obs, old, f) -> render());
    focusedPart.addListener((obs, old, p) -> updateSelection());
    render();
  }

  /** Which rendering is shown. */
  public ObjectProperty<PreviewFormat> formatProperty() {
    return format;
  }

  /** The rendered text. */
  public ReadOnlyStringProperty textProperty() {
    return text.getReadOnlyProperty();
  }

  public String text() {
    return text.get();
  }

  /** True when the document came from a Dockerfile whose text can be shown. */
  public boolean hasSource() {
    return source != null;
  }

  /** The 1-based lines of the selected card in the shown format; null when none. */
  public ReadOnlyObjectProperty<LineRange> selectedLinesProperty() {
    return selectedLines.getReadOnlyProperty();
  }

  /** The part (card) that rendered line {@code line} (1-based); -1 for none. */
  public int partAtLine(int line) {
    for (int i = 0; i < parts.size(); i++) {
      LineRange r = parts.get(i);
      if (line >= r.first() && line <= r.last()) {
        return i;
      }
    }
    return -1;
  }

  /** Renders the current template in the current format now. */
  public void render() {
    Template t = document.template();
    try {
      switch (format.get()) {
        case JSON:
          String json = TemplateJson.write(t);
          parts = JsonPreview.parts(json);
          text.set(json);
          break;
        case SOURCE:
          parts = List.of();
          text.set(source == null ? "" : source);
          break;
        case PYTHON:
          RenderedDockerfile py = PythonRenderer.renderMapped(t, PythonRenderer.Client.SDK);
          parts = py.parts();
          text.set(py.text());
          break;
        default:
          RenderedDockerfile r = DockerfileRenderer.renderMapped(t);
          parts = r.parts();
          text.set(r.text());
      }
    } catch (RuntimeException e) {
      // A renderer that cannot handle a half-edited template must not break editing.
      parts = List.of();
      text.set("# The " + format.get().label() + " preview is unavailable: "
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + "\n");
    }
    updateSelection();
  }

  private void updateSelection() {
    int p = focusedPart.get();
    LineRange r = p >= 0 && p < parts.size() ? parts.get(p) : null;
    selectedLines.set(r != null && r.last() >= r.first() ? r : null);
  }
}
