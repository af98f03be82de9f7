package dev.templatestudio.bridge.host;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What this machine is made of, read from its files ({@code /proc}, {@code /sys}, {@code /etc},
 * the bin and lib directories) and the environment, never by running a program. Tests give it
 * another root with such files of their own; every path it answers with is the machine's own
 * ({@code /usr/bin/unshare}), whatever the root. Immutable; reads happen when asked, on the
 * caller's thread.
 */
public final class HostFacts {
  /** Where the embedded runtime's tools are looked for (the sandbox runs them by these paths). */
  public static final List<String> BIN_DIRS = List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin");
  private static final List<String> LIB_DIRS = List.of("/lib", "/usr/lib", "/lib64", "/usr/lib64");

  private final Path root;
  private final Map<String, String> env;
  private final int uid;

  private HostFacts(Path root, Map<String, String> env, int uid) {
    this.root = root;
    this.env = Map.copyOf(env);
    this.uid = uid;
  }

  /** This machine, as this process sees it. */
  public static HostFacts local() {
    HostFacts facts = new HostFacts(Path.of("/"), System.getenv(), -1);
    return new HostFacts(facts.root, facts.env, facts.effectiveUid());
  }

  /** A machine whose files are under {@code root} (tests), with this environment and user id. */
  public static HostFacts under(Path root, Map<String, String> env, int uid) {
    return new HostFacts(root, env, uid);
  }

  public boolean isRoot() {
    return uid == 0;
  }

  public int uid() {
    return uid;
  }

  /** The environment variable, or empty when unset or blank. */
  public Optional<String> env(String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
  }

  /** A file's text, trimmed; empty when it cannot be read. */
  public Optional<String> read(String path) {
    try {
      return Optional.of(Files.readString(at(path)).trim());
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** A file's lines; none when it cannot be read. */
  public List<String> lines(String path) {
    try {
      return Files.readAllLines(at(path));
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }

  /** Where a machine path is on this machine (under the root tests give; the path itself otherwise). */
  public Path path(String path) {
    return at(path);
  }

  public boolean exists(String path) {
    return Files.exists(at(path));
  }

  /** The machine path of an executable {@code name} in {@link #BIN_DIRS}. */
  public Optional<String> tool(String name) {
    for (String dir : BIN_DIRS) {
      String path = dir + "/" + name;
      if (Files.isExecutable(at(path)) && !Files.isDirectory(at(path))) {
        return Optional.of(path);
      }
    }
    return Optional.empty();
  }

  /**
   * The machine path of a shared library ({@code libgtk-3.so.0}) where the dynamic loader looks:
   * {@code $LD_LIBRARY_PATH}, the directories of {@code /etc/ld.so.conf.d/*.conf} (Debian's
   * multiarch ones are there), then the standard ones.
   */
  public Optional<String> library(String soname) {
    for (String dir : libraryDirs()) {
      String path = dir + "/" + soname;
      if (Files.exists(at(path))) {
        return Optional.of(path);
      }
    }
    return Optional.empty();
  }

  /** The kernel's release ({@code 6.1.0-18-amd64}), empty when unknown. */
  public String kernelRelease() {
    return read("/proc/sys/kernel/osrelease").orElse("");
  }

  /** A number in a {@code /proc/sys} file, or {@code absent} when there is none. */
  public int sysctl(String path, int absent) {
    try {
      return Integer.parseInt(read(path).orElse(""));
    } catch (NumberFormatException e) {
      return absent;
    }
  }

  private List<String> libraryDirs() {
    Set<String> dirs = new LinkedHashSet<>();
    env("LD_LIBRARY_PATH").ifPresent(p -> {
      for (String d : p.split(":")) {
        if (d.startsWith("/")) {
          dirs.add(d);
        }
      }
    });
    Path conf = at("/etc/ld.so.conf.d");
    if (Files.isDirectory(conf)) {
      List<Path> files = new ArrayList<>();
      try (DirectoryStream<Path> s = Files.newDirectoryStream(conf, "*.conf")) {
        s.forEach(files::add);
      } catch (IOException e) {
        // The standard directories below still count.
      }
      files.sort(null);
      for (Path f : files) {
        for (String line : lines("/etc/ld.so.conf.d/" + f.getFileName())) {
          String d = line.strip();
          if (d.startsWith("/")) {
            dirs.add(d);
          }
        }
      }
    }
    dirs.addAll(LIB_DIRS);
    return List.copyOf(dirs);
  }

  private int effectiveUid() {
    for (String line : lines("/proc/self/status")) {
      if (line.startsWith("Uid:")) {
        String[] f = line.substring(4).trim().split("\\s+");
        if (f.length > 1) {
          return Integer.parseInt(f[1]);
        }
      }
    }
    return -1;
  }

  private Path at(String path) {
    return root.resolve(path.startsWith("/") ? path.substring(1) : path);
  }
}
