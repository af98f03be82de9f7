package dev.templatestudio.app.studio.importer;

import dev.templatestudio.bridge.dockerfile.TemplateSourceException;
import dev.templatestudio.bridge.dockerfile.TemplateSources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads the files the studio is given through the bridge's one loader of template sources, as
 * the command line does: a template document opens, a Dockerfile is imported, a folder stands
 * for the Dockerfile or the single template inside it. A dropped file that does not look like
 * any of them is refused rather than imported as a Dockerfile full of errors. Reads the files:
 * call it off the FX thread.
 */
public final class DroppedFiles {
  private DroppedFiles() {}

  /** What each path opens as, in order. */
  public static List<Opened> load(List<Path> files) {
    List<Opened> out = new ArrayList<>();
    for (Path f : files) {
      out.add(load(f));
    }
    return out;
  }

  /** What {@code file} opens as. */
  public static Opened load(Path file) {
    if (!TemplateSources.looksLikeTemplateSource(file)) {
      return Opened.refused(file, file.getFileName() + " is neither a template (*.template.json) nor a Dockerfile.");
    }
    try {
      return Opened.of(file, TemplateSources.load(file));
    } catch (TemplateSourceException e) {
      return Opened.refused(file, sentence(e.getMessage()));
    }
  }

  /**
   * The loader's sentence as a dialog shows it: capitalised when it starts with a word, with a
   * full stop. A sentence that starts with its file's path keeps it as it is.
   */
  static String sentence(String s) {
    String first = s.isEmpty() || !Character.isLowerCase(s.charAt(0)) ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    return first.endsWith(".") ? first : first + ".";
  }
}
