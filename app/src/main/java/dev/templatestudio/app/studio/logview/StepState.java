package dev.templatestudio.app.studio.logview;

/** Where one step of a build is: the badge on its card. */
public enum StepState {
  QUEUED("queued"),
  RUNNING("running"),
  CACHED("CACHED"),
  DONE("done"),
  FAILED("failed"),
  CANCELLED("cancelled"),
  SKIPPED("skipped"),
  /** The start card: the start command ran and the ready check passed. */
  READY("ready"),
  /** The start card of a cached rebuild: the same image passed its ready check in an earlier build. */
  READY_CACHED("CACHED");

  private final String label;

  StepState(String label) {
    this.label = label;
  }

  /** The badge text. */
  public String label() {
    return label;
  }
}
