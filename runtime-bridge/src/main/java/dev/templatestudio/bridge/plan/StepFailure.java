package dev.templatestudio.bridge.plan;

/** A step cannot be done, for a reason the template's author can fix; the message says it in one sentence. */
public class StepFailure extends Exception {
  private static final long serialVersionUID = 1L;

  public StepFailure(String message) {
    super(message);
  }
}
