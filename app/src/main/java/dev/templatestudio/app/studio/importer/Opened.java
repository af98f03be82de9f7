package dev.templatestudio.app.studio.importer;

import dev.templatestudio.bridge.dockerfile.LoadedTemplate;
import java.nio.file.Path;

/**
 * What a file given to the studio (dropped, opened, imported, named on the command line) turned
 * out to be: the template loaded from it, or one sentence saying why there is none.
 *
 * @param source   the path given
 * @param template what the bridge's loader made of it; null when {@code problem} says why not
 * @param problem  why nothing opens; null when {@code template} did
 */
public record Opened(Path source, LoadedTemplate template, String problem) {

  public static Opened of(Path source, LoadedTemplate template) {
    return new Opened(source, template, null);
  }

  public static Opened refused(Path source, String problem) {
    return new Opened(source, null, problem);
  }
}
