package dev.templatestudio.app.studio.runtimes;

import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The Docker runtime dialog's state: the local engine, or one at a {@code tcp://HOST:PORT}
 * address, checked as it is typed. FX thread (no toolkit needed).
 */
public final class DockerEngineViewModel {
  private final BooleanProperty local = new SimpleBooleanProperty(this, "local");
  private final StringProperty address = new SimpleStringProperty(this, "address");
  private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem");
  private final String localEngine;

  /**
   * @param current     the Docker runtime to start from
   * @param localEngine where the local engine is, as {@link RuntimeViewModel#localDockerEngine()} says
   */
  public DockerEngineViewModel(RuntimeChoice current, String localEngine) {
    this.localEngine = localEngine;
    local.set(current.url() == null);
    address.set(current.url() == null ? "" : current.url());
    problem.bind(Bindings.createStringBinding(() -> local.get() ? "" : orEmpty(DockerAddress.problem(address.get())),
        local, address));
    // Typing an address means using it.
    address.addListener((o, a, b) -> local.set(false));
  }

  /** Whether builds use the local engine ({@code DOCKER_HOST}, else the local socket). */
  public BooleanProperty localProperty() {
    return local;
  }

  /** The engine's address when not the local one, as typed. */
  public StringProperty addressProperty() {
    return address;
  }

  /** What is wrong with the address, one sentence; empty when the choice can be used. */
  public ReadOnlyStringProperty problemProperty() {
    return problem.getReadOnlyProperty();
  }

  /** What "local engine" means here: {@code DOCKER_HOST}'s value, else the local socket. */
  public String localEngine() {
    return localEngine;
  }

  /** The runtime chosen; null while the address has a problem. */
  public RuntimeChoice choice() {
    if (local.get()) {
      return RuntimeChoice.DOCKER;
    }
    return problem.get().isEmpty() ? RuntimeChoice.docker(address.get().strip()) : null;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
