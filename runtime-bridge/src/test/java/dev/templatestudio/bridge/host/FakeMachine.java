package dev.templatestudio.bridge.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A machine made of files under a temporary root, as {@link HostFacts} reads one: a Debian 12
 * minbase by default (root, Linux 6.1, overlayfs, cgroups v2 with every controller,
 * util-linux, mount, coreutils, e2fsprogs, no GTK, no Docker, no display), changed by each test.
 */
public final class FakeMachine {
  private final Path root;
  private final Map<String, String> env = new HashMap<>();
  private int uid;

  public FakeMachine(Path root) throws IOException {
    this.root = root;
    file("/proc/sys/kernel/osrelease", "6.1.0-18-amd64");
    file("/proc/filesystems", "nodev\tsysfs\nnodev\tproc\n\text4\nnodev\toverlay\n");
    file("/proc/mounts", "sysfs /sys sysfs rw 0 0\ncgroup2 /sys/fs/cgroup cgroup2 rw,nosuid 0 0\n");
    file("/sys/fs/cgroup/cgroup.controllers", "cpuset cpu io memory hugetlb pids rdma misc");
    file("/proc/sys/user/max_user_namespaces", "63000");
    file("/etc/ld.so.conf.d/x86_64-linux-gnu.conf", "# Multiarch support\n/usr/local/lib/x86_64-linux-gnu\n"
        + "/lib/x86_64-linux-gnu\n/usr/lib/x86_64-linux-gnu\n");
    for (String tool : new String[] {"unshare", "nsenter", "setpriv", "mount", "umount", "env", "mknod", "mkfifo", "perl", "setsid"}) {
      tool("/usr/bin/" + tool);
    }
    tool("/usr/sbin/mke2fs");
    tool("/usr/sbin/pivot_root");
  }

  public FakeMachine file(String path, String text) throws IOException {
    Path p = at(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return this;
  }

  public FakeMachine tool(String path) throws IOException {
    file(path, "#!/bin/sh\n");
    Files.setAttribute(at(path), "unix:mode", 0755);
    return this;
  }

  public FakeMachine delete(String path) throws IOException {
    Files.delete(at(path));
    return this;
  }

  public FakeMachine env(String name, String value) {
    env.put(name, value);
    return this;
  }

  public FakeMachine uid(int uid) {
    this.uid = uid;
    return this;
  }

  public HostFacts facts() {
    return HostFacts.under(root, env, uid);
  }

  private Path at(String path) {
    return root.resolve(path.substring(1));
  }
}
