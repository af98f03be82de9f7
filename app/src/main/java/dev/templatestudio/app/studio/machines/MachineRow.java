package dev.templatestudio.app.studio.machines;

import dev.templatestudio.bridge.machines.MachineInfo;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * One machine in the Machines table. A row stays while its machine does, and its figures change
 * in place at each poll, so the table keeps the person's selection and scroll. FX thread.
 */
public final class MachineRow {
  private final String id;
  private final String runtime;
  private final String ref;
  private final ReadOnlyStringWrapper state = new ReadOnlyStringWrapper(this, "state");
  private final ReadOnlyStringWrapper age = new ReadOnlyStringWrapper(this, "age");
  private final ReadOnlyStringWrapper readyIn = new ReadOnlyStringWrapper(this, "readyIn");
  private final ReadOnlyStringWrapper cpu = new ReadOnlyStringWrapper(this, "cpu");
  private final ReadOnlyStringWrapper memory = new ReadOnlyStringWrapper(this, "memory");
  private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");

  MachineRow(String runtime, MachineInfo info, long nowMillis) {
    this.id = info.id();
    this.runtime = runtime;
    this.ref = info.ref();
    update(info, nowMillis);
  }

  void update(MachineInfo info, long nowMillis) {
    state.set(info.state());
    age.set(MachineText.age(info.createdAt(), nowMillis));
    readyIn.set(MachineText.readyIn(info.readyMillis()));
    cpu.set(MachineText.cpu(info.cpuSeconds()));
    memory.set(MachineText.memory(info.memoryBytes()));
    message.set(info.message() == null ? "" : info.message());
  }

  public String id() {
    return id;
  }

  /** The name of the runtime the machine is on ("Embedded", "Remote http://…"). */
  public String runtime() {
    return runtime;
  }

  /** The canonical ref it was started from. */
  public String ref() {
    return ref;
  }

  public ReadOnlyStringProperty stateProperty() {
    return state.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty ageProperty() {
    return age.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty readyInProperty() {
    return readyIn.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty cpuProperty() {
    return cpu.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty memoryProperty() {
    return memory.getReadOnlyProperty();
  }

  /** Why it failed, when it did. */
  public ReadOnlyStringProperty messageProperty() {
    return message.getReadOnlyProperty();
  }

  boolean is(String runtimeName, String machineId) {
    return runtime.equals(runtimeName) && id.equals(machineId);
  }
}
