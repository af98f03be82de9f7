package dev.templatestudio.app.studio.machines;

import dev.templatestudio.bridge.machines.PoolInfo;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * One warm pool in the Pools table: what it keeps ({@code keep} ready, at most {@code max}) and
 * what it has now ({@code readyNow} idle and ready, {@code starting}, {@code inUse} handed out),
 * changed in place at each poll. FX thread.
 */
public final class PoolRow {
  private final String runtime;
  private final String ref;
  private final ReadOnlyStringWrapper builds = new ReadOnlyStringWrapper(this, "builds");
  private final ReadOnlyIntegerWrapper keep = new ReadOnlyIntegerWrapper(this, "keep");
  private final ReadOnlyIntegerWrapper max = new ReadOnlyIntegerWrapper(this, "max");
  private final ReadOnlyIntegerWrapper readyNow = new ReadOnlyIntegerWrapper(this, "readyNow");
  private final ReadOnlyIntegerWrapper starting = new ReadOnlyIntegerWrapper(this, "starting");
  private final ReadOnlyIntegerWrapper inUse = new ReadOnlyIntegerWrapper(this, "inUse");
  private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");

  PoolRow(String runtime, PoolInfo info) {
    this.runtime = runtime;
    this.ref = info.ref();
    update(info);
  }

  void update(PoolInfo info) {
    builds.set(info.builds() == null ? "" : info.builds());
    keep.set(info.ready());
    max.set(info.max());
    readyNow.set(info.idle());
    starting.set(info.starting());
    inUse.set(info.inUse());
    problem.set(info.lastError() == null ? ""
        : info.lastError() + (info.retryInSeconds() == null ? "" : " (retry in " + info.retryInSeconds() + " s)"));
  }

  public String runtime() {
    return runtime;
  }

  /** The ref the pool was set for (it follows a tag to new builds). */
  public String ref() {
    return ref;
  }

  /** The build the ref names now. */
  public ReadOnlyStringProperty buildsProperty() {
    return builds.getReadOnlyProperty();
  }

  public ReadOnlyIntegerProperty keepProperty() {
    return keep.getReadOnlyProperty();
  }

  public ReadOnlyIntegerProperty maxProperty() {
    return max.getReadOnlyProperty();
  }

  public ReadOnlyIntegerProperty readyNowProperty() {
    return readyNow.getReadOnlyProperty();
  }

  public ReadOnlyIntegerProperty startingProperty() {
    return starting.getReadOnlyProperty();
  }

  public ReadOnlyIntegerProperty inUseProperty() {
    return inUse.getReadOnlyProperty();
  }

  /** The last failed start and when the pool tries again; "" while it starts fine. */
  public ReadOnlyStringProperty problemProperty() {
    return problem.getReadOnlyProperty();
  }

  boolean is(String runtimeName, String poolRef) {
    return runtime.equals(runtimeName) && ref.equals(poolRef);
  }
}
