package dev.templatestudio.app.studio.importer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Decides what dropped files mean: a {@code *.template.json} opens, a Dockerfile (by name, or
 * by a first instruction of FROM/ARG) is imported, a folder stands for the Dockerfile or the
 * single template inside it. Reads a little of each file: call it off the FX thread.
 */
public final class DroppedFiles {
  private static final List<String> DOCKERFILE_NAMES = List.of("Dockerfile", "Containerfile");

  private DroppedFiles() {}

  /** One intent per dropped path, in order. */
  public static List<DropIntent> classify(List<Path> files) {
    List<DropIntent> out = new ArrayList<>();
    for (Path f : files) {
      out.add(classify(f));
    }
    return out;
  }

  /** What dropping {@code file} means. */
  public static DropIntent classify(Path file) {
    if (Files.isDirectory(file)) {
      return folder(file);
    }
    if (!Files.isRegularFile(file)) {
      return DropIntent.reject(file, "There is no file " + file + ".");
    }
    String name = file.getFileName().toString();
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".json")) {
      return DropIntent.open(file);
    }
    if (isDockerfileName(name) || startsLikeDockerfile(file)) {
      return DropIntent.importDockerfile(file);
    }
    return DropIntent.reject(file, file.getFileName()
        + " is neither a template (*.template.json) nor a Dockerfile.");
  }

  static boolean isDockerfileName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return DOCKERFILE_NAMES.stream().anyMatch(n -> name.equals(n) || name.startsWith(n + "."))
        || lower.endsWith(".dockerfile") || lower.endsWith(".containerfile");
  }

  private static DropIntent folder(Path dir) {
    for (String n : DOCKERFILE_NAMES) {
      if (Files.isRegularFile(dir.resolve(n))) {
        return DropIntent.importDockerfile(dir.resolve(n));
      }
    }
    List<Path> templates;
    try (Stream<Path> s = Files.list(dir)) {
      templates = s.filter(p -> p.getFileName().toString().endsWith(".template.json")).sorted().toList();
    } catch (IOException e) {
      return DropIntent.reject(dir, "Cannot read the folder " + dir + ": " + e.getMessage() + ".");
    }
    if (templates.size() == 1) {
      return DropIntent.open(templates.get(0));
    }
    return DropIntent.reject(dir, templates.isEmpty()
        ? "The folder " + dir.getFileName() + " holds no Dockerfile and no *.template.json."
        : "The folder " + dir.getFileName() + " holds several templates; drop the one to open.");
  }

  /** True when the first instruction (after comments and blank lines) is FROM or ARG. */
  static boolean startsLikeDockerfile(Path file) {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(4096);
    } catch (IOException e) {
      return false;
    }
    for (String line : new String(head, StandardCharsets.UTF_8).split("\n")) {
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("#")) {
        continue;
      }
      String word = t.split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
      return word.equals("FROM") || word.equals("ARG");
    }
    return false;
  }
}
