package dev.templatestudio.app.studio.runtimes;

import java.nio.file.Path;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * The runtime builds run on, chosen in the toolbar or the Runtime menu and remembered.
 * FX thread; {@link #source()} may be called from any thread.
 */
public final class RuntimeViewModel {
  private final ObjectProperty<RuntimeChoice> choice = new SimpleObjectProperty<>(this, "choice");
  private final Path store;

  /** @param remember stores each new choice */
  public RuntimeViewModel(RuntimeChoice initial, Path store, Consumer<RuntimeChoice> remember) {
    this.store = store;
    choice.set(initial);
    choice.addListener((o, a, c) -> remember.accept(c));
  }

  public ObjectProperty<RuntimeChoice> choiceProperty() {
    return choice;
  }

  /** Where built templates are stored. */
  public Path store() {
    return store;
  }

  /** Opens the chosen runtime; called by builds in the background. */
  public RuntimeSource source() {
    return () -> RuntimeFactory.open(choice.get(), store);
  }
}
