package dev.templatestudio.bridge.embedded.store;

import java.io.IOException;

/**
 * A build wrote more than its {@link DiskBudget} allows. The build turns it into a sentence
 * naming the step ({@code step 2 wrote more than the build's 1024 MB of disk}).
 */
public final class DiskBoundException extends IOException {
  private static final long serialVersionUID = 1L;

  DiskBoundException(DiskBudget budget) {
    super("wrote more than " + budget.boundText());
  }
}
