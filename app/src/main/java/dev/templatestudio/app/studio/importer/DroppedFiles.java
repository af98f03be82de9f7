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
 * any of them is refused rather than imported as a Dockerfile full of errors; a file chosen to
 * open or import is loaded whatever it looks like. Reads the files: call it off the FX thread.
 */
public final class DroppedFiles {
  private DroppedFiles() {}

  /** What each dropped path opens as, in order. */
  public static List<Opened> dropped(List<Path> files) {
    List<Opened> out = new ArrayList<>();
    for (Path f : files) {
      out.add(TemplateSources.looksLikeTemplateSource(f) ? load(f)
          : Opened.refused(f, f.getFileName() + " is neither a template (*.template.json) nor a Dockerfile."));
    }
    return out;
  }

  /** What {@code file}, chosen to open or import, opens as. */
  public static Opened load(Path file) {
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
