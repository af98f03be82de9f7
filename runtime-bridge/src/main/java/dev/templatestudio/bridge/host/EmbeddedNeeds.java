package dev.templatestudio.bridge.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the embedded runtime needs from the machine it builds on: root or unprivileged user
 * namespaces, overlayfs that mounts with {@code userxattr}, cgroups for a template's resources,
 * and the host tools it runs (docs/ENGINE.md). Stateless; reads the machine when asked.
 */
public final class EmbeddedNeeds {
  /** The oldest kernel whose overlayfs takes {@code userxattr} (the sandbox's marks are user.* xattrs). */
  static final int[] USERXATTR_KERNEL = {5, 11};
  private static final Pattern RELEASE = Pattern.compile("(\\d+)\\.(\\d+).*");
  private static final List<String> CONTROLLERS = List.of("cpu", "memory", "pids");

  private EmbeddedNeeds() {}

  /** Everything, in the order doctor lists it. */
  public static List<Need> all(HostFacts host) {
    List<Need> needs = new ArrayList<>(sandbox(host));
    needs.add(layerTools(host));
    needs.addAll(machineTools(host));
    needs.add(cgroups(host));
    needs.add(ext4Tools(host));
    return needs;
  }

  /** The tools that unpack layers (whiteouts are made with mknod, fifos with mkfifo). */
  public static Need layerTools(HostFacts host) {
    return tools(host, "coreutils", List.of("env", "mknod", "mkfifo"), "unpacking layers");
  }

  /**
   * What machines run besides a step's tools. Without them machines still work, but slower and
   * less apart: perl is each held machine's exec agent (an exec is one fork, not a chain of
   * eight processes), and setsid gives a machine a session of its own, so a {@code kill -9 0}
   * inside it cannot reach the process that holds it.
   */
  static List<Need> machineTools(HostFacts host) {
    return List.of(tools(host, "perl-base", List.of("perl"), "machines' exec agent"),
        tools(host, "util-linux", List.of("setsid"), "a machine's own session"));
  }

  /** The tool {@code export --ext4} runs. */
  public static Need ext4Tools(HostFacts host) {
    return tools(host, "e2fsprogs", List.of("mke2fs"), "export --ext4");
  }

  /** What a sandbox cannot start without: the first that is missing is why a build fails. */
  public static List<Need> sandbox(HostFacts host) {
    return List.of(privilege(host), overlayfs(host),
        tools(host, "util-linux", List.of("unshare", "nsenter", "setpriv", "pivot_root"), "every step"),
        tools(host, "mount", List.of("mount", "umount"), "every step"));
  }

  static Need privilege(HostFacts host) {
    String subject = "root or user namespaces";
    if (host.isRoot()) {
      return Need.ok(subject, "running as root");
    }
    String fix;
    String why;
    if (host.sysctl("/proc/sys/user/max_user_namespaces", 1) <= 0) {
      why = "user.max_user_namespaces is 0";
      fix = "sysctl -w user.max_user_namespaces=15000";
    } else if (host.sysctl("/proc/sys/kernel/unprivileged_userns_clone", 1) == 0) {
      why = "kernel.unprivileged_userns_clone is 0";
      fix = "sysctl -w kernel.unprivileged_userns_clone=1";
    } else if (host.sysctl("/proc/sys/kernel/apparmor_restrict_unprivileged_userns", 0) != 0) {
      why = "AppArmor restricts them";
      fix = "sysctl -w kernel.apparmor_restrict_unprivileged_userns=0";
    } else {
      return Need.ok(subject, "running as uid " + host.uid() + " in unprivileged user namespaces");
    }
    return Need.missing(subject, "the embedded runtime needs root or unprivileged user namespaces, and uid "
        + host.uid() + " has neither (" + why + ")", asRoot(host, fix) + ", or run template-studio as root");
  }

  static Need overlayfs(HostFacts host) {
    String subject = "overlayfs";
    String release = host.kernelRelease();
    // Lines are "nodev\toverlay": the name is the last field.
    boolean loaded = host.lines("/proc/filesystems").stream()
        .map(l -> l.strip().replaceFirst("^.*\\s", "")).anyMatch("overlay"::equals);
    if (!loaded) {
      return Need.missing(subject, "overlayfs, which every build step runs on, is not in this kernel's file "
          + "systems (/proc/filesystems)", asRoot(host, "modprobe overlay"));
    }
    Matcher m = RELEASE.matcher(release);
    if (m.matches() && compare(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))) < 0) {
      return Need.missing(subject, "Linux " + release + " cannot mount overlayfs with userxattr (5.11 or later "
          + "can)", "boot a newer kernel: " + asRoot(host, "apt-get install linux-image-amd64") + " (Debian 12's is 6.1)");
    }
    return Need.ok(subject, "Linux " + (release.isEmpty() ? "(release unknown)" : release) + ", mounted with userxattr");
  }

  static Need cgroups(HostFacts host) {
    String subject = "cgroups";
    Optional<String> v2Root = Optional.empty();
    List<String> v1 = new ArrayList<>();
    String hybrid = null;
    for (String line : host.lines("/proc/mounts")) {
      String[] f = line.split(" ");
      if (f.length < 4) {
        continue;
      }
      if (f[2].equals("cgroup2")) {
        if (f[1].equals("/sys/fs/cgroup")) {
          v2Root = Optional.of(f[1]);
        } else {
          hybrid = f[1];
        }
      } else if (f[2].equals("cgroup")) {
        for (String option : f[3].split(",")) {
          if (CONTROLLERS.contains(option) && !v1.contains(option)) {
            v1.add(option);
          }
        }
      }
    }
    List<String> have;
    String version;
    if (v2Root.isPresent()) {
      version = "v2";
      have = new ArrayList<>(List.of(host.read("/sys/fs/cgroup/cgroup.controllers").orElse("").split("\\s+")));
    } else if (!v1.isEmpty()) {
      version = "v1";
      have = v1;
    } else {
      return Need.missing(subject, "no cgroup file system is mounted, so a template's resources (cpus, memoryMb) "
          + "cannot be enforced", asRoot(host, "mount -t cgroup2 none /sys/fs/cgroup"));
    }
    List<String> lacking = CONTROLLERS.stream().filter(c -> !have.contains(c)).toList();
    if (!lacking.isEmpty()) {
      return Need.missing(subject, "cgroups " + version + " lack the " + String.join(", ", lacking)
          + " controller(s) a template's resources need", "boot Linux with cgroup_enable="
          + String.join(",", lacking) + " on its command line");
    }
    List<String> shown = CONTROLLERS.stream().filter(have::contains).toList();
    return Need.ok(subject, version + " (" + String.join(", ", shown) + ")"
        + (hybrid != null ? ", with an empty v2 at " + hybrid : ""));
  }

  /** Tools of one Debian package, which the embedded runtime runs for {@code forWhat}. */
  static Need tools(HostFacts host, String debianPackage, List<String> names, String forWhat) {
    String subject = debianPackage + " (" + forWhat + ")";
    List<String> found = new ArrayList<>();
    List<String> absent = new ArrayList<>();
    for (String name : names) {
      host.tool(name).ifPresentOrElse(found::add, () -> absent.add(name));
    }
    if (absent.isEmpty()) {
      return Need.ok(subject, String.join(", ", found));
    }
    return Need.missing(subject, "the embedded runtime runs " + String.join(", ", names) + " for " + forWhat
        + ", and " + String.join(", ", absent) + (absent.size() == 1 ? " is" : " are") + " not installed",
        asRoot(host, "apt-get install " + debianPackage));
  }

  /** The command as a user types it: with sudo unless this process is root already. */
  static String asRoot(HostFacts host, String command) {
    return host.isRoot() ? command : "sudo " + command;
  }

  private static int compare(int major, int minor) {
    return major != USERXATTR_KERNEL[0] ? Integer.compare(major, USERXATTR_KERNEL[0])
        : Integer.compare(minor, USERXATTR_KERNEL[1]);
  }
}
