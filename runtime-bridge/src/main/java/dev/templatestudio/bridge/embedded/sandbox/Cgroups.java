package dev.templatestudio.bridge.embedded.sandbox;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The cgroups this process puts its sandboxes in, to hold them to their {@link ResourceLimits}.
 * cgroup v2 (one tree with {@code memory.max}, {@code cpu.max}, {@code pids.max}) where its tree
 * has a controller, else the controller's v1 hierarchy ({@code memory.limit_in_bytes},
 * {@code cpu.cfs_quota_us}, {@code pids.max}). Each sandbox gets a cgroup of its own under a
 * parent per process, {@code template-studio-PID[-N]}, made in this process's own
 * cgroup (v1, and v2 when its controllers can be enabled there) or at the v2 root. A parent
 * whose process is gone (killed, crashed) is removed with what is left in it when this process
 * first makes its own; this process's parent goes at its exit.
 * Thread-safe; the host's cgroups are {@link #host()}, made on first use.
 */
public final class Cgroups {
  private static final Pattern PARENT = Pattern.compile("template-studio-(\\d+)(-\\d+)?");
  private static final AtomicLong INSTANCES = new AtomicLong();
  private static volatile Cgroups host;
  private final Map<String, CgroupMounts.Hierarchy> controllers;
  private final String absence;
  private final AtomicLong names = new AtomicLong();
  private Map<CgroupMounts.Hierarchy, Path> parents;
  private String failure;

  private Cgroups(Map<String, CgroupMounts.Hierarchy> controllers, String absence) {
    this.controllers = controllers;
    this.absence = absence;
  }

  /** The cgroups of this machine as this process sees them. */
  public static Cgroups host() {
    Cgroups h = host;
    if (h == null) {
      synchronized (Cgroups.class) {
        if (host == null) {
          host = detect();
        }
        h = host;
      }
    }
    return h;
  }

  private static Cgroups detect() {
    if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
      return new Cgroups(Map.of(), "this is not Linux");
    }
    try {
      Map<String, CgroupMounts.Hierarchy> found = CgroupMounts.ofThisProcess();
      return new Cgroups(found, found.isEmpty() ? "no cgroup hierarchy with a memory, cpu or pids controller is mounted" : null);
    } catch (IOException e) {
      return new Cgroups(Map.of(), "the cgroups of this process cannot be read (" + reason(e) + ")");
    }
  }

  /** Cgroups of these hierarchies (for tests of a made-up tree). */
  static Cgroups of(Map<String, CgroupMounts.Hierarchy> controllers) {
    return new Cgroups(controllers, null);
  }

  /**
   * What this machine offers, for people ({@code doctor}): e.g. {@code cgroup v1 (memory, cpu,
   * pids)}, {@code cgroup v2 (memory, cpu, pids)}, or {@code none}. Which controllers limits use
   * and where, not whether this process may make cgroups there ({@link #problem} says that).
   */
  public String describe() {
    if (controllers.isEmpty()) {
      return "none";
    }
    Map<Integer, List<String>> byVersion = new java.util.TreeMap<>(java.util.Comparator.reverseOrder());
    controllers.forEach((c, h) -> byVersion.computeIfAbsent(h.version(), v -> new ArrayList<>()).add(c));
    List<String> parts = new ArrayList<>();
    byVersion.forEach((v, cs) -> parts.add("cgroup v" + v + " (" + String.join(", ", cs) + ")"));
    return String.join(" and ", parts);
  }

  /**
   * Why {@code limits} cannot all be enforced here, as the end of a sentence ({@code no cgroup
   * hierarchy … is mounted}), or empty when they can. Tries to make this process's parent cgroup.
   */
  public Optional<String> problem(ResourceLimits limits) {
    if (absence != null) {
      return Optional.of(absence);
    }
    synchronized (this) {
      ensureParents();
      if (failure != null) {
        return Optional.of(failure);
      }
    }
    List<String> missing = new ArrayList<>();
    if (limits.memoryMb() != null && !controllers.containsKey("memory")) {
      missing.add("memory");
    }
    if (limits.cpus() != null && !controllers.containsKey("cpu")) {
      missing.add("cpu");
    }
    if (!controllers.containsKey("pids")) {
      missing.add("pids");
    }
    return missing.isEmpty() ? Optional.empty()
        : Optional.of("no cgroup " + String.join(" or ", missing) + " controller is mounted");
  }

  /** A new cgroup for one sandbox with {@code limits} written into it. */
  SandboxCgroup create(ResourceLimits limits) throws IOException {
    Map<CgroupMounts.Hierarchy, Path> p;
    synchronized (this) {
      ensureParents();
      if (absence != null || failure != null) {
        throw new IOException(absence != null ? absence : failure);
      }
      p = parents;
    }
    return SandboxCgroup.create(controllers, p, "sandbox-" + names.incrementAndGet(), limits);
  }

  /** Makes the parents once; a failure is kept, as trying again would fail again. */
  private void ensureParents() {
    if (parents != null || failure != null || absence != null) {
      return;
    }
    long instance = INSTANCES.getAndIncrement();
    String name = "template-studio-" + ProcessHandle.current().pid() + (instance == 0 ? "" : "-" + instance);
    Map<CgroupMounts.Hierarchy, Path> made = new LinkedHashMap<>();
    try {
      for (CgroupMounts.Hierarchy h : new LinkedHashSet<>(controllers.values())) {
        made.put(h, h.version() == 2 ? v2Parent(h, name) : parent(h.own(), name));
      }
      parents = made;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> made.values().forEach(Cgroups::removeTree),
          "remove-cgroups"));
    } catch (IOException e) {
      made.values().forEach(Cgroups::removeTree);
      failure = e.getMessage();
    }
  }

  /**
   * The parent in a v2 tree, where the sandboxes' controllers must be enabled in every
   * ancestor's {@code cgroup.subtree_control}. Only a cgroup without processes of its own (or
   * the root) may enable them, so this process's own cgroup usually cannot hold the parent
   * (a systemd service's can not) and the root of the tree does.
   */
  private Path v2Parent(CgroupMounts.Hierarchy h, String name) throws IOException {
    Set<String> wanted = new LinkedHashSet<>();
    controllers.forEach((c, ch) -> {
      if (ch.equals(h)) {
        wanted.add(c);
      }
    });
    IOException last = null;
    for (Path at : h.own().equals(h.mount()) ? List.of(h.mount()) : List.of(h.own(), h.mount())) {
      try {
        enable(at, wanted);
        Path parent = parent(at, name);
        try {
          enable(parent, wanted);
        } catch (IOException e) {
          removeTree(parent);
          throw e;
        }
        return parent;
      } catch (IOException e) {
        last = e;
      }
    }
    throw last;
  }

  /** Enables {@code wanted} for the children of {@code dir} (those it has not enabled yet), in one write. */
  private static void enable(Path dir, Set<String> wanted) throws IOException {
    Path control = dir.resolve("cgroup.subtree_control");
    try {
      Set<String> on = Files.exists(control) ? CgroupMounts.words(Files.readString(control), "\\s+") : Set.of();
      List<String> off = wanted.stream().filter(c -> !on.contains(c)).map(c -> "+" + c).toList();
      if (!off.isEmpty()) {
        Files.writeString(control, String.join(" ", off));
      }
    } catch (IOException e) {
      throw new IOException("the " + String.join(" and ", wanted) + " controllers cannot be enabled in " + dir
          + " (" + reason(e) + ")", e);
    }
  }

  /** Makes {@code dir/name} after removing the stale parents beside it. */
  private static Path parent(Path dir, String name) throws IOException {
    removeStale(dir);
    Path parent = dir.resolve(name);
    try {
      if (Files.isDirectory(parent)) {
        // A parent of an earlier process with this pid (in another pid namespace, or reused).
        removeTree(parent);
      }
      return Files.createDirectory(parent);
    } catch (IOException e) {
      throw new IOException("no cgroup can be made in " + dir + " (" + reason(e) + ")", e);
    }
  }

  /** Removes the parents in {@code dir} whose process has ended, with their sandboxes' cgroups. */
  private static void removeStale(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path p : (Iterable<Path>) entries::iterator) {
        Matcher m = PARENT.matcher(p.getFileName().toString());
        if (m.matches() && Files.isDirectory(p) && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
          removeTree(p);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // Not listable: nothing of ours is there to clean.
    }
  }

  /** Removes a parent and the sandbox cgroups in it, killing what still runs there. */
  private static void removeTree(Path parent) {
    try (Stream<Path> entries = Files.list(parent)) {
      for (Path child : (Iterable<Path>) entries::iterator) {
        if (Files.isDirectory(child)) {
          SandboxCgroup.killAll(child);
          SandboxCgroup.removeDir(child);
        }
      }
    } catch (IOException e) {
      // Gone already.
    }
    SandboxCgroup.removeDir(parent);
  }

  /** The reason of an I/O error in a few words, without the file it names. */
  static String reason(IOException e) {
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason().toLowerCase(java.util.Locale.ROOT);
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    return e.getMessage() == null ? "an I/O error" : e.getMessage();
  }
}
