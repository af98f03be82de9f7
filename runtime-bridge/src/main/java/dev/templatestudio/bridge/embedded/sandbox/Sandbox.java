package dev.templatestudio.bridge.embedded.sandbox;

import dev.templatestudio.bridge.build.RuntimeUnavailableException;
import dev.templatestudio.bridge.host.EmbeddedNeeds;
import dev.templatestudio.bridge.host.HostFacts;
import dev.templatestudio.bridge.host.Need;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.templatestudio.bridge.embedded.step.LayerStack;

/**
 * Runs a command inside an image: kernel overlayfs over the layer stack, in new mount, pid,
 * ipc and uts namespaces (and a new network namespace unless the command needs the network),
 * with the overlay as its root. Built from util-linux: {@code setpriv --pdeathsig KILL} so
 * the sandbox dies with this JVM, {@code unshare --kill-child} so the whole pid namespace dies
 * with it, and {@code nsenter --root} to enter the image as its user. Mounts live only in the
 * sandbox's mount namespace and vanish with it: the host's mount table never changes.
 * Immutable and thread-safe; each {@link #start} is independent.
 */
public final class Sandbox {
  static final String UNAVAILABLE_HINT = "use the remote runtime (--runtime http://HOST:7433) or "
      + "the docker runtime (--runtime docker) instead";

  // $1 a dir of short links to the lowers (they are named relative to it), $2 the fstab with every mount;
  // then the nsenter command line that enters the merged dir and runs the command.
  // One mount(8) process does all mounts: each process start costs tens of ms on a busy host.
  // The script sets no variable: the command's environment passes through it, and an image's
  // ENV may name any variable (an assignment to M here once changed the step's $M).
  private static final String SETUP = String.join("\n",
      "set -e",
      "cd \"$1\"",
      "MOUNT -a -T \"$2\"",
      "shift 2",
      "exec \"$@\"");
  private static final List<String> DEVICES = List.of("null", "zero", "full", "random", "urandom", "tty");

  private final String setpriv;
  private final String unshare;
  private final String nsenter;
  private final String env;
  private final String script;
  private final boolean userNamespace;

  private Sandbox(HostFacts host) {
    this.setpriv = host.tool("setpriv").orElseThrow();
    this.unshare = host.tool("unshare").orElseThrow();
    this.nsenter = host.tool("nsenter").orElseThrow();
    this.env = host.tool("env").orElse("/usr/bin/env");
    this.script = SETUP.replace("MOUNT ", host.tool("mount").orElseThrow() + " ");
    this.userNamespace = !host.isRoot();
  }

  /**
   * The sandbox of this machine.
   *
   * @throws RuntimeUnavailableException when it cannot work here, with one sentence that says
   *     why (what {@code template-studio doctor} says of the missing thing, its fix included)
   *     and names the remote and docker runtimes as the way out
   */
  public static Sandbox detect() throws RuntimeUnavailableException {
    return detect(HostFacts.local());
  }

  /** The sandbox of the machine {@code host} describes. */
  static Sandbox detect(HostFacts host) throws RuntimeUnavailableException {
    if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
      throw new RuntimeUnavailableException("The embedded runtime builds only on Linux; "
          + UNAVAILABLE_HINT + ".");
    }
    for (Need need : EmbeddedNeeds.sandbox(host)) {
      if (!need.isThere()) {
        throw new RuntimeUnavailableException("The embedded runtime cannot build here: " + need.sentence()
            + "; or " + UNAVAILABLE_HINT + ".");
      }
    }
    return new Sandbox(host);
  }

  /**
   * Starts a sandboxed process; its output goes to {@code sink} line by line. The calling
   * thread must outlive the process: the kernel kills the sandbox when the thread that started
   * it ends (that is how a killed JVM takes its sandboxes with it).
   */
  public SandboxProcess start(SandboxSpec spec, OutputSink sink) throws IOException {
    return start(spec, null, sink);
  }

  /** As {@link #start(SandboxSpec, OutputSink)}, with {@code stdin} (null: none) fed to the init. */
  public SandboxProcess start(SandboxSpec spec, InputStream stdin, OutputSink sink) throws IOException {
    Path box = spec.merged().getParent();
    Path fstab = prepare(spec, box);
    List<String> cmd = new ArrayList<>(List.of(setpriv, "--pdeathsig", "KILL", unshare));
    if (userNamespace) {
      cmd.add("--user");
      cmd.add("--map-root-user");
    }
    cmd.addAll(List.of("--mount", "--pid", "--fork", "--ipc", "--uts", "--kill-child"));
    if (!spec.network()) {
      cmd.add("--net");
    }
    cmd.addAll(List.of("--", "/bin/sh", "-c", script, "sandbox", box.resolve("lowers").toString(), fstab.toString()));
    // The setup shell's cd exported PWD and OLDPWD (host paths): the command gets the ones its
    // environment names, or none, as under Docker.
    cmd.addAll(List.of(env, "-u", "PWD", "-u", "OLDPWD"));
    for (String name : List.of("PWD", "OLDPWD")) {
      if (spec.env().containsKey(name)) {
        cmd.add(name + "=" + spec.env().get(name));
      }
    }
    cmd.addAll(List.of(nsenter, "--root=" + spec.merged(), "--wdns=" + (spec.workdir() == null ? "/" : spec.workdir())));
    if (spec.uid() != null) {
      cmd.addAll(List.of("-S", spec.uid().toString(), "-G", (spec.gid() == null ? spec.uid() : spec.gid()).toString()));
    }
    cmd.add("--");
    cmd.addAll(spec.command());
    return spawn(cmd, spec.env(), stdin, sink);
  }

  /**
   * Writes the sandbox's fstab, and its /dev skeleton (empty files the host's devices are
   * bound onto, /dev/fd links) beside the merged dir. Mount points the image lacks (/proc,
   * /dev) are made in the upper dir, as the kernel needs them to exist.
   */
  private Path prepare(SandboxSpec spec, Path box) throws IOException {
    Path dev = Files.createDirectory(box.resolve("dev"));
    Files.setAttribute(dev, "unix:mode", 0755);
    for (String d : DEVICES) {
      Files.createFile(dev.resolve(d));
    }
    Files.createDirectory(dev.resolve("shm"));
    Files.createDirectory(dev.resolve("pts"));
    Files.createSymbolicLink(dev.resolve("fd"), Path.of("/proc/self/fd"));
    Files.createSymbolicLink(dev.resolve("stdin"), Path.of("fd/0"));
    Files.createSymbolicLink(dev.resolve("stdout"), Path.of("fd/1"));
    Files.createSymbolicLink(dev.resolve("stderr"), Path.of("fd/2"));
    Files.createSymbolicLink(dev.resolve("ptmx"), Path.of("pts/ptmx"));
    LayerStack image = new LayerStack(spec.lowers());
    for (String mountPoint : List.of("proc", "dev")) {
      if (image.find("/" + mountPoint).isEmpty()) {
        Files.createDirectories(spec.upper().resolve(mountPoint));
      }
    }
    // The mount options must fit in one page (4 KiB): with lowers named by short links
    // ("0:1:2…") instead of their paths, an image may have hundreds of layers.
    Path links = Files.createDirectory(box.resolve("lowers"));
    List<String> lowers = new ArrayList<>();
    // Overlayfs refuses a dir that is two lowers (ELOOP). Two equal layers (e.g. two steps
    // that changed nothing) are one dir; keeping only the topmost gives the same merged view.
    for (Path lower : new java.util.LinkedHashSet<>(spec.lowers())) {
      String name = Integer.toString(lowers.size());
      Files.createSymbolicLink(links.resolve(name), lower.toAbsolutePath());
      lowers.add(name);
    }
    String m = spec.merged().toString();
    StringBuilder tab = new StringBuilder();
    line(tab, "overlay", m, "overlay", "lowerdir=" + String.join(":", lowers) + ",upperdir=" + spec.upper()
        + ",workdir=" + spec.work() + ",index=off,metacopy=off"
        // userxattr, as root too: opaque dirs are then marked user.overlay.opaque, which Java
        // reads and writes without a host tool (trusted.* needs getfattr). It implies
        // redirect_dir=nofollow: a renamed dir is copied up whole, so layers never hold redirects.
        + ",userxattr");
    line(tab, "proc", m + "/proc", "proc", "nosuid,nodev,noexec");
    line(tab, dev.toString(), m + "/dev", "none", "bind");
    for (String d : DEVICES) {
      line(tab, "/dev/" + d, m + "/dev/" + d, "none", "bind");
    }
    line(tab, "shm", m + "/dev/shm", "tmpfs", "mode=1777,nosuid,nodev");
    Optional<Path> resolv = image.find("/etc/resolv.conf");
    if (spec.network() && Files.isRegularFile(Path.of("/etc/resolv.conf")) && resolv.isPresent()
        && Files.isRegularFile(resolv.get(), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      line(tab, "/etc/resolv.conf", m + "/etc/resolv.conf", "none", "bind,ro");
    }
    Path fstab = box.resolve("fstab");
    Files.writeString(fstab, tab.toString());
    return fstab;
  }

  private static void line(StringBuilder tab, String source, String target, String type, String options) {
    tab.append(escape(source)).append(' ').append(escape(target)).append(' ').append(type).append(' ')
        .append(escape(options)).append(" 0 0\n");
  }

  /** fstab(5) escapes blanks and backslashes in octal. */
  private static String escape(String field) {
    return field.replace("\\", "\\134").replace(" ", "\\040").replace("\t", "\\011").replace("\n", "\\012");
  }

  /**
   * Runs a command inside a running sandbox (its namespaces, its root, its working directory),
   * as {@code uid:gid} when given, with exactly {@code env}, reading {@code stdin} (null: none).
   * Same thread rule as {@link #start}.
   */
  public SandboxProcess enter(long initPid, List<String> command, Map<String, String> env,
      Integer uid, Integer gid, InputStream stdin, OutputSink sink) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(setpriv, "--pdeathsig", "KILL", nsenter,
        "--target", Long.toString(initPid), "--mount", "--pid", "--ipc", "--uts"));
    if (userNamespace) {
      cmd.add("--user");
    }
    cmd.addAll(List.of("--root", "--wd"));
    if (uid != null) {
      cmd.addAll(List.of("-S", uid.toString(), "-G", (gid == null ? uid : gid).toString()));
    }
    cmd.add("--");
    cmd.addAll(command);
    return spawn(cmd, env, stdin, sink);
  }

  /** Starts {@code cmd} with exactly {@code env}; its stdin is {@code stdin}, or empty when null. */
  private static SandboxProcess spawn(List<String> cmd, Map<String, String> env, InputStream stdin, OutputSink sink)
      throws IOException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(stdin == null
        ? ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()) : ProcessBuilder.Redirect.PIPE);
    pb.environment().clear();
    pb.environment().putAll(env);
    return new SandboxProcess(pb.start(), stdin, sink);
  }
}
