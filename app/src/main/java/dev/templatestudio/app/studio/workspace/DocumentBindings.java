package dev.templatestudio.app.studio.workspace;

import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableValue;

/**
 * Values of the document in front that follow it as tabs change: the window's controls bind to
 * these instead of to one document. FX thread.
 */
final class DocumentBindings {
  private DocumentBindings() {}

  /** Mirrors {@code f(current)}, or null with no document. */
  static <T> ObjectProperty<T> current(WorkspaceViewModel vm, Function<EditorSession, ObservableValue<T>> f) {
    ObjectProperty<T> mirror = new SimpleObjectProperty<>();
    vm.currentProperty().addListener((o, a, s) -> rebind(mirror, s, f));
    rebind(mirror, vm.current(), f);
    return mirror;
  }

  /**
   * The flag of the document in front; false with no document. The binding reads the mirror
   * (not the document) so that the mirror stays valid and keeps reporting changes.
   */
  static BooleanBinding flag(WorkspaceViewModel vm, Function<EditorSession, ObservableValue<Boolean>> f) {
    ObjectProperty<Boolean> mirror = current(vm, f);
    return Bindings.createBooleanBinding(() -> Boolean.TRUE.equals(mirror.get()), mirror);
  }

  /** The text of the document in front; "" with no document. */
  static StringBinding text(WorkspaceViewModel vm, Function<EditorSession, ObservableValue<String>> f) {
    ObjectProperty<String> mirror = current(vm, f);
    return Bindings.createStringBinding(() -> mirror.get() == null ? "" : mirror.get(), mirror);
  }

  private static <T> void rebind(ObjectProperty<T> mirror, EditorSession s,
      Function<EditorSession, ObservableValue<T>> f) {
    mirror.unbind();
    if (s == null) {
      mirror.set(null);
    } else {
      mirror.bind(f.apply(s));
    }
  }
}
