package dev.templatestudio.bridge.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Shows the paths of a server build relative to its uploaded context: the runtime's messages
 * name files by their path on the server ({@code /…/serve/contexts/HEX/app.py}), which tells a
 * client about the server's disk and nothing about its own files. The context itself becomes
 * {@code .}. Immutable.
 */
final class ContextPaths {
  private static final ContextPaths NONE = new ContextPaths(Set.of());
  private final Set<String> spellings;

  private ContextPaths(Set<String> spellings) {
    this.spellings = spellings;
  }

  /** For a build with {@code context}, which may be null (nothing to rewrite then). */
  static ContextPaths of(Path context) {
    if (context == null) {
      return NONE;
    }
    Set<String> spellings = new LinkedHashSet<>();
    spellings.add(context.toAbsolutePath().normalize().toString());
    try {
      // Copy steps name files by the context's real path, which differs below a symlinked folder.
      spellings.add(context.toRealPath().toString());
    } catch (IOException e) {
      // Not there: no message can name it by its real path either.
    }
    return new ContextPaths(Set.copyOf(spellings));
  }

  /** {@code text} with paths inside the context made relative to it; null stays null. */
  String relative(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String s : spellings) {
      out = out.replace(s + "/", "").replace(s, ".");
    }
    return out;
  }
}
