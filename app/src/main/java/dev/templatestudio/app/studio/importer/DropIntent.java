package dev.templatestudio.app.studio.importer;

import java.nio.file.Path;

/** What a file dropped on the window means. */
public record DropIntent(Action action, Path file, String message) {

  /** What the studio does with it. */
  public enum Action {
    /** Open a {@code *.template.json} document. */
    OPEN_TEMPLATE,
    /** Import a Dockerfile as a new document. */
    IMPORT_DOCKERFILE,
    /** Nothing: {@code message} says why. */
    REJECT
  }

  public static DropIntent open(Path file) {
    return new DropIntent(Action.OPEN_TEMPLATE, file, null);
  }

  public static DropIntent importDockerfile(Path file) {
    return new DropIntent(Action.IMPORT_DOCKERFILE, file, null);
  }

  public static DropIntent reject(Path file, String message) {
    return new DropIntent(Action.REJECT, file, message);
  }
}
