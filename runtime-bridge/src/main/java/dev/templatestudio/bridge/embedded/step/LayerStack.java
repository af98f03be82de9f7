package dev.templatestudio.bridge.embedded.step;

import dev.templatestudio.bridge.plan.StepFailure;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the merged view of unpacked layers without mounting them, as overlayfs shows it: the
 * topmost layer holding a path wins, a folder merges with the folders below it down to the
 * first layer where the path is something else, and an overlay whiteout (a 0/0 character
 * device) hides the path below. (Opaque folders are not read: the xattr needs a process.)
 *
 * <p>No host symlink is ever followed: each layer is walked one component at a time with
 * lstat, and a link inside the image is only followed by {@link #resolve}, inside the image's
 * root, never out of it. Used for the few files the engine itself reads (/etc/passwd,
 * /etc/group) and for the folders a step writes into. Layers do not change; lookups are
 * cached. Thread-safe.
 */
public final class LayerStack {
  /** Links followed in one resolution before it is taken for a loop, as the kernel's limit. */
  static final int MAX_LINKS = 40;

  /** What a path is in the merged view. */
  public enum Kind { ABSENT, DIRECTORY, SYMLINK, FILE, OTHER }

  /**
   * A path of the merged view.
   *
   * @param path its entry in the topmost layer holding it (null when absent)
   */
  public record Node(Kind kind, Path path) {
    public static final Node ABSENT = new Node(Kind.ABSENT, null);
  }

  /** A node and, for a folder, the layer roots whose copy of it is a real folder (top first). */
  private record Merged(Node node, List<Path> dirLayers) {}

  /** Looks up one relative path of a merged view (its parent being a folder there). */
  @FunctionalInterface
  interface Lookup {
    Node lookup(String relative) throws IOException;
  }

  private final List<Path> topFirst;
  private final Map<String, Merged> cache = new ConcurrentHashMap<>();

  public LayerStack(List<Path> topFirst) {
    this.topFirst = List.copyOf(topFirst);
  }

  public List<Path> topFirst() {
    return topFirst;
  }

  /** The file that {@code absolutePath} is in the merged view, taken word by word (no link followed), if any. */
  public Optional<Path> find(String absolutePath) throws IOException {
    Node node = lookup(relative(Path.of("/").resolve(absolutePath).normalize().toString()));
    return Optional.ofNullable(node.path());
  }

  /** The node at {@code relative} (slash-separated, "" for the root); absent below anything but a folder. */
  public Node lookup(String relative) throws IOException {
    return merged(relative).node();
  }

  /**
   * The layer roots whose copy of {@code relative} is a real folder of the merged view, top
   * first (empty when it is no folder there): where to list what the folder holds.
   */
  public List<Path> folderLayers(String relative) throws IOException {
    Merged m = merged(relative);
    return m.node().kind() == Kind.DIRECTORY ? m.dirLayers() : List.of();
  }

  /**
   * Where {@code absolutePath} leads in the image: its links followed inside the image's root
   * ({@code RESOLVE_IN_ROOT}: an absolute target or {@code ..} never climbs above it), its
   * last component too. Returns the relative path, which need not exist.
   *
   * @throws StepFailure when a component is a file, or the links loop
   */
  public String resolve(String absolutePath) throws IOException, StepFailure {
    return resolve(absolutePath, this::lookup);
  }

  /**
   * The names in the folder {@code relative} of the merged view, sorted: the union of that
   * folder's entries in every layer where it is a folder, less what a whiteout hides.
   */
  public List<String> list(String relative) throws IOException {
    java.util.TreeSet<String> names = new java.util.TreeSet<>();
    for (Path layer : merged(relative).dirLayers()) {
      try (java.util.stream.Stream<Path> entries = Files.list(relative.isEmpty() ? layer : layer.resolve(relative))) {
        entries.forEach(p -> names.add(p.getFileName().toString()));
      }
    }
    List<String> out = new ArrayList<>();
    for (String name : names) {
      if (lookup(relative.isEmpty() ? name : relative + "/" + name).kind() != Kind.ABSENT) {
        out.add(name);
      }
    }
    return out;
  }

  /** The text of a file in the merged view (links followed inside the image), if it is a regular file. */
  public Optional<String> readString(String absolutePath) throws IOException {
    Node node;
    try {
      node = lookup(resolve(absolutePath));
    } catch (StepFailure e) {
      return Optional.empty();
    }
    if (node.kind() != Kind.FILE) {
      return Optional.empty();
    }
    try (FileChannel ch = FileChannel.open(node.path(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.of(new String(Channels.newInputStream(ch).readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /** True for overlayfs's deletion marker: a character device with device number 0/0. */
  public static boolean isWhiteout(Path p) throws IOException {
    return isWhiteout(Files.readAttributes(p, "unix:mode,rdev", LinkOption.NOFOLLOW_LINKS));
  }

  private static boolean isWhiteout(Map<String, Object> attrs) {
    return ((Integer) attrs.get("mode") & 0170000) == 0020000 && ((Long) attrs.get("rdev")) == 0L;
  }

  /** The resolution of {@link #resolve(String)} over any merged view. */
  static String resolve(String absolutePath, Lookup view) throws IOException, StepFailure {
    List<String> todo = new ArrayList<>();
    push(todo, absolutePath);
    List<String> done = new ArrayList<>();
    int links = 0;
    while (!todo.isEmpty()) {
      String part = todo.remove(todo.size() - 1);
      if (part.equals("..")) {
        if (!done.isEmpty()) {
          done.remove(done.size() - 1);
        }
        continue;
      }
      String rel = done.isEmpty() ? part : String.join("/", done) + "/" + part;
      Node node = view.lookup(rel);
      if (node.kind() == Kind.SYMLINK) {
        if (++links > MAX_LINKS) {
          throw new StepFailure(absolutePath + " leads through more than " + MAX_LINKS + " symbolic links");
        }
        String target = Files.readSymbolicLink(node.path()).toString();
        if (target.startsWith("/")) {
          done.clear();
        }
        push(todo, target);
        continue;
      }
      if (node.kind() != Kind.DIRECTORY && node.kind() != Kind.ABSENT && !todo.isEmpty()) {
        throw new StepFailure("/" + rel + " is a file, not a folder");
      }
      done.add(part);
    }
    return String.join("/", done);
  }

  /** Puts the components of {@code path} on the stack {@code todo}, the first one on top. */
  private static void push(List<String> todo, String path) {
    String[] parts = path.split("/");
    for (int i = parts.length - 1; i >= 0; i--) {
      if (!parts[i].isEmpty() && !parts[i].equals(".")) {
        todo.add(parts[i]);
      }
    }
  }

  private Merged merged(String relative) throws IOException {
    Merged known = cache.get(relative);
    if (known != null) {
      return known;
    }
    Merged result;
    if (relative.isEmpty()) {
      result = new Merged(new Node(Kind.DIRECTORY, topFirst.isEmpty() ? null : topFirst.get(0)), topFirst);
    } else {
      int slash = relative.lastIndexOf('/');
      Merged parent = merged(slash < 0 ? "" : relative.substring(0, slash));
      result = below(parent.dirLayers(), relative);
    }
    cache.put(relative, result);
    return result;
  }

  /**
   * {@code relative} in the layers where its parent is a real folder: each such layer's copy of
   * the parent was itself reached through real folders only, so lstat there follows no link.
   */
  private static Merged below(List<Path> parentLayers, String relative) throws IOException {
    List<Path> dirs = new ArrayList<>();
    Node top = null;
    for (Path layer : parentLayers) {
      Path p = layer.resolve(relative);
      Map<String, Object> attrs;
      try {
        attrs = Files.readAttributes(p, "unix:mode,rdev", LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException e) {
        continue;
      }
      if (isWhiteout(attrs)) {
        break;
      }
      Kind kind = kind((Integer) attrs.get("mode"));
      if (kind == Kind.DIRECTORY) {
        dirs.add(layer);
        top = top == null ? new Node(kind, p) : top;
        continue;
      }
      top = top == null ? new Node(kind, p) : top;
      break;
    }
    return new Merged(top == null ? Node.ABSENT : top, List.copyOf(dirs));
  }

  static Kind kind(int mode) {
    switch (mode & 0170000) {
      case 0040000:
        return Kind.DIRECTORY;
      case 0120000:
        return Kind.SYMLINK;
      case 0100000:
        return Kind.FILE;
      default:
        return Kind.OTHER;
    }
  }

  static String relative(String absolutePath) {
    String s = absolutePath;
    while (s.startsWith("/")) {
      s = s.substring(1);
    }
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }
}
