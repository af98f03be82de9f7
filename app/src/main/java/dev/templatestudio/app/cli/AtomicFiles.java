package dev.templatestudio.app.cli;

import dev.templatestudio.bridge.io.AtomicWrite;
import java.io.IOException;
import java.nio.file.Path;

/** Atomic writes for the CLI, with failures as one-sentence user errors. */
final class AtomicFiles {
  private AtomicFiles() {}

  static void writeString(Path target, String text) {
    try {
      AtomicWrite.writeString(target, text);
    } catch (IOException e) {
      throw new CliException("cannot write " + target + ": " + e.getMessage());
    }
  }
}
