package dev.templatestudio.bridge.dockerfile;

import java.io.IOException;
import java.nio.file.Path;

/** Imports a Dockerfile into a template by the rules of CONTRACT.md §4. Thread-safe. */
public final class DockerfileImporter {
  private DockerfileImporter() {}

  /** Imports Dockerfile text; {@code fileName} is the FILE of every diagnostic. */
  public static ImportResult importText(String text, String fileName) {
    throw new UnsupportedOperationException("the Dockerfile parser lands with issue 2");
  }

  /** Reads and imports a Dockerfile. */
  public static ImportResult importFile(Path file) throws IOException {
    throw new UnsupportedOperationException("the Dockerfile parser lands with issue 2");
  }
}
