package dev.templatestudio.bridge.machines;

import java.io.IOException;

/** No machine has this id (any more): it was removed, timed out, or never existed. */
public final class UnknownMachineException extends IOException {
  public UnknownMachineException(String id) {
    super("no machine \"" + id + "\" (it was removed, its timeout ended it, or it never existed); "
        + "machine ls lists the machines there are");
  }
}
