package dev.templatestudio.bridge.dockerfile;

import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.TemplateFormatException;
import dev.templatestudio.bridge.template.TemplateJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The one loader of template sources, which the command line and the studio both call: what a
 * file means (a template document, a Dockerfile, or a folder holding one of them), how its bytes
 * are decoded, and what name it suggests. docs/DOCKERFILE.md ("Template sources") states the
 * rules. Blocking I/O; thread-safe: call it off the FX thread.
 */
public final class TemplateSources {
  /**
   * The most bytes a template source may have: far more than any Dockerfile or template, and a
   * bound, so a file given by mistake (a disk image, {@code /dev/zero}) cannot take the memory.
   */
  static final int MAX_BYTES = 16 * 1024 * 1024;
  /** How much of a file {@link #looksLikeTemplateSource} reads. */
  private static final int HEAD = 4096;
  private static final List<String> DOCKERFILE_NAMES = List.of("Dockerfile", "Containerfile");
  private static final int MAX_NAME = 128;

  private TemplateSources() {}

  /**
   * Loads the template {@code source} stands for. A folder stands for its {@code Dockerfile} (or
   * {@code Containerfile}), else for its only {@code *.template.json}. A file named
   * {@code *.json}, or whose text starts with <code>{</code>, is a template document, read
   * strictly; any other file is a Dockerfile, imported (its problems are diagnostics, not
   * exceptions).
   *
   * @throws TemplateSourceException when there is nothing to load: no such file, a folder
   *                                 without a template, a file that cannot be read, or a template
   *                                 document that is not valid
   */
  public static LoadedTemplate load(Path source) throws TemplateSourceException {
    Path file = resolve(source);
    byte[] bytes = read(file);
    if (isTemplateDocument(file, bytes)) {
      Template template;
      try {
        template = TemplateJson.read(bytes, file.toString());
      } catch (TemplateFormatException e) {
        throw new TemplateSourceException(e.getMessage(), e);
      }
      return new LoadedTemplate(template, List.of(), suggestedName(template, file), file,
          LoadedTemplate.Kind.TEMPLATE, null, List.of());
    }
    SourceText text = SourceText.decode(bytes);
    ImportResult imported = DockerfileImporter.importText(text.text(), file.toString(), text);
    return new LoadedTemplate(imported.template(), imported.diagnostics(), suggestedName(imported.template(), file),
        file, LoadedTemplate.Kind.DOCKERFILE, text.text(), imported.stepPlaces());
  }

  /**
   * The template name a file suggests, the same wherever it is loaded: {@code web.template.json}
   * → {@code web}, {@code api.Dockerfile} → {@code api}, and a {@code Dockerfile} (or
   * {@code Dockerfile.dev}, {@code Containerfile}) → the name of its folder; then made a valid
   * name (lower case; a run of other characters becomes one {@code -}), {@code template} when
   * nothing is left. Reads nothing.
   */
  public static String nameFor(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    String base = abs.getFileName() == null ? "" : abs.getFileName().toString();
    String lower = base.toLowerCase(Locale.ROOT);
    if ((lower.startsWith("dockerfile") || lower.startsWith("containerfile")) && abs.getParent() != null
        && abs.getParent().getFileName() != null) {
      base = abs.getParent().getFileName().toString();
    } else {
      base = base.replaceFirst("(?i)((\\.template)?\\.json|\\.dockerfile|\\.containerfile)$", "");
    }
    String clean = base.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-")
        .replaceAll("[._-]{2,}", "-").replaceAll("^[._-]+|[._-]+$", "");
    if (clean.length() > MAX_NAME) {
      clean = clean.substring(0, MAX_NAME).replaceAll("[._-]+$", "");
    }
    return clean.isEmpty() ? "template" : clean;
  }

  /**
   * Whether {@code path} looks like a template source at a glance: a folder, a file named as a
   * template document or a Dockerfile, or one whose text starts as they do (<code>{</code>, or a
   * first instruction FROM or ARG). A path that does not exist passes too, for {@link #load} to
   * say so. What the studio takes from a drop; the command line loads whatever it is given.
   * Reads at most the first few kilobytes.
   */
  public static boolean looksLikeTemplateSource(Path path) {
    if (!Files.isRegularFile(path)) {
      return true;
    }
    String name = path.getFileName().toString();
    if (name.toLowerCase(Locale.ROOT).endsWith(".json") || isDockerfileName(name)) {
      return true;
    }
    byte[] head;
    try (InputStream in = Files.newInputStream(path)) {
      head = in.readNBytes(HEAD);
    } catch (IOException e) {
      // Unreadable: let load() say why.
      return true;
    }
    String text = SourceText.decode(head).text().stripLeading();
    if (text.startsWith("{")) {
      return true;
    }
    for (String line : text.split("\n")) {
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("#")) {
        continue;
      }
      String word = t.split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
      return word.equals("FROM") || word.equals("ARG");
    }
    return false;
  }

  /** {@code Dockerfile}, {@code Containerfile}, {@code Dockerfile.dev}, {@code api.Dockerfile}, … */
  static boolean isDockerfileName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return DOCKERFILE_NAMES.stream().anyMatch(n -> name.equals(n) || name.startsWith(n + "."))
        || lower.endsWith(".dockerfile") || lower.endsWith(".containerfile");
  }

  private static String suggestedName(Template template, Path file) {
    return template.name() != null && !template.name().isBlank() ? template.name() : nameFor(file);
  }

  /** The file {@code source} stands for: itself, or what a folder holds. */
  private static Path resolve(Path source) throws TemplateSourceException {
    if (!Files.exists(source)) {
      throw new TemplateSourceException("no such file: " + source);
    }
    if (!Files.isDirectory(source)) {
      return source;
    }
    for (String n : DOCKERFILE_NAMES) {
      if (Files.isRegularFile(source.resolve(n))) {
        return source.resolve(n);
      }
    }
    List<Path> templates;
    try (Stream<Path> s = Files.list(source)) {
      templates = s.filter(p -> p.getFileName().toString().endsWith(".template.json")).sorted().toList();
    } catch (IOException e) {
      throw new TemplateSourceException("cannot read the folder " + source + ": " + reason(e), e);
    }
    if (templates.size() == 1) {
      return templates.get(0);
    }
    if (templates.isEmpty()) {
      throw new TemplateSourceException(source + " is a folder with no Dockerfile and no *.template.json in it");
    }
    throw new TemplateSourceException(source + " is a folder with several templates ("
        + String.join(", ", templates.stream().map(p -> p.getFileName().toString()).toList())
        + "); give the one to load");
  }

  private static byte[] read(Path file) throws TemplateSourceException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw new TemplateSourceException(file + " is too big for a template or a Dockerfile (more than "
            + MAX_BYTES / (1024 * 1024) + " MB)");
      }
      return bytes;
    } catch (NoSuchFileException e) {
      throw new TemplateSourceException("no such file: " + file, e);
    } catch (IOException e) {
      throw new TemplateSourceException("cannot read " + file + ": " + reason(e), e);
    }
  }

  private static boolean isTemplateDocument(Path file, byte[] bytes) {
    if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")) {
      return true;
    }
    int i = bytes.length >= 3 && bytes[0] == (byte) 0xef && bytes[1] == (byte) 0xbb && bytes[2] == (byte) 0xbf ? 3 : 0;
    while (i < bytes.length && Character.isWhitespace(bytes[i])) {
      i++;
    }
    return i < bytes.length && bytes[i] == '{';
  }

  private static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage() == null ? "an input or output error" : e.getMessage();
  }
}
