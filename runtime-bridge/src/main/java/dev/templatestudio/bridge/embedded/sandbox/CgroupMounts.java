package dev.templatestudio.bridge.embedded.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where the cgroup controllers the sandbox limits with (memory, cpu, pids) are, read from
 * {@code /proc/self/mountinfo} and {@code /proc/self/cgroup}: each in the v2 tree when that
 * tree has it, else in its v1 hierarchy when one is mounted. A machine may mix them (v1
 * hierarchies beside an empty v2 tree is common). Stateless.
 */
final class CgroupMounts {
  /** The controllers the sandbox uses, in the order messages name them. */
  static final List<String> CONTROLLERS = List.of("memory", "cpu", "pids");

  private CgroupMounts() {}

  /**
   * One mounted hierarchy.
   *
   * @param version     1 or 2
   * @param mount       where it is mounted
   * @param own         this process's cgroup dir in it (the mount when that is not visible)
   * @param controllers what it offers: a v1 hierarchy's own, the v2 root's {@code cgroup.controllers}
   */
  record Hierarchy(int version, Path mount, Path own, Set<String> controllers) {}

  /** This process's hierarchy of each controller it has; a controller mounted nowhere is absent. */
  static Map<String, Hierarchy> ofThisProcess() throws IOException {
    return choose(Files.readString(Path.of("/proc/self/mountinfo")), Files.readString(Path.of("/proc/self/cgroup")));
  }

  /** As {@link #ofThisProcess}, from the texts of those two files. */
  static Map<String, Hierarchy> choose(String mountinfo, String procCgroup) {
    List<Hierarchy> hierarchies = hierarchies(mountinfo, procCgroup);
    Map<String, Hierarchy> chosen = new LinkedHashMap<>();
    for (String controller : CONTROLLERS) {
      for (int version : new int[] {2, 1}) {
        for (Hierarchy h : hierarchies) {
          if (h.version() == version && h.controllers().contains(controller) && !chosen.containsKey(controller)) {
            chosen.put(controller, h);
          }
        }
      }
    }
    return chosen;
  }

  private static List<Hierarchy> hierarchies(String mountinfo, String procCgroup) {
    List<Hierarchy> out = new ArrayList<>();
    for (String line : mountinfo.split("\n")) {
      String[] halves = line.split(" - ", 2);
      if (halves.length < 2) {
        continue;
      }
      String[] left = halves[0].split(" ");
      String[] right = halves[1].split(" ");
      if (left.length < 5 || right.length < 3 || !right[0].startsWith("cgroup")) {
        continue;
      }
      String root = unescape(left[3]);
      Path mount = Path.of(unescape(left[4]));
      if (right[0].equals("cgroup2")) {
        String own = ownPath(procCgroup, null);
        Set<String> offered = words(read(mount.resolve("cgroup.controllers")), "\\s+");
        out.add(new Hierarchy(2, mount, under(mount, root, own), offered));
      } else if (right[0].equals("cgroup")) {
        Set<String> options = words(right[2], ",");
        String first = CONTROLLERS.stream().filter(options::contains).findFirst().orElse(null);
        // A hierarchy mounted twice (a bind mount) is the first mount's.
        if (first != null && out.stream().noneMatch(h -> h.version() == 1 && h.controllers().contains(first))) {
          out.add(new Hierarchy(1, mount, under(mount, root, ownPath(procCgroup, first)), options));
        }
      }
    }
    return out;
  }

  /** This process's path in the hierarchy of {@code controller} (null: the v2 tree), or null. */
  private static String ownPath(String procCgroup, String controller) {
    for (String line : procCgroup.split("\n")) {
      String[] f = line.split(":", 3);
      if (f.length < 3) {
        continue;
      }
      boolean match = controller == null ? f[0].equals("0") && f[1].isEmpty() : words(f[1], ",").contains(controller);
      if (match) {
        return f[2].trim();
      }
    }
    return null;
  }

  /** The dir of cgroup {@code path} under a mount of the hierarchy's {@code root}; the mount when outside it. */
  private static Path under(Path mount, String root, String path) {
    if (path == null) {
      return mount;
    }
    String base = root.equals("/") ? "" : root;
    if (!path.equals(base) && !path.startsWith(base + "/")) {
      return mount;
    }
    String rel = path.substring(base.length()).replaceFirst("^/+", "");
    // " (deleted)" and the like: a path that is not a dir of the mount is not ours to nest in.
    Path dir = rel.isEmpty() ? mount : mount.resolve(rel);
    return Files.isDirectory(dir) ? dir : mount;
  }

  /** The words of {@code text} between {@code separator}s (a regex). */
  static Set<String> words(String text, String separator) {
    return Set.copyOf(java.util.Arrays.asList(text.trim().split(separator)));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }

  /** mountinfo escapes blanks, tabs, newlines and backslashes in octal. */
  private static String unescape(String field) {
    return field.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
  }
}
