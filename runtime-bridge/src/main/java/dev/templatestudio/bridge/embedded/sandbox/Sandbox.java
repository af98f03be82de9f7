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
 * ipc and uts namespaces (and a new network namespace with loopback up unless the command needs the host's network),
 * with the overlay as its root. Built from util-linux: {@code setpriv --pdeathsig KILL} so
 * the sandbox dies with this JVM, {@code unshare --kill-child} so the whole pid namespace dies
 * with it, {@code pivot_root} to make the image the root with Docker's default capabilities
 * (see {@link RootEntry}). Mounts live only in the sandbox's mount namespace and vanish with
 * it: the host's mount table never changes.
 * Immutable and thread-safe; each {@link #start} is independent.
 */
public final class Sandbox {
  static final String UNAVAILABLE_HINT = "use the remote runtime (--runtime http://HOST:7433) or "
      + "the docker runtime (--runtime docker) instead";

  // The cgroup.procs files of the sandbox's cgroup up to "--": writing 0 moves the writer there,
  // so what it starts is inside before the command runs.
  private static final String JOIN = String.join("\n",
      "set -e",
      "while [ \"$1\" != -- ]; do echo 0 > \"$1\"; shift; done",
      "shift");
  private static final List<String> DEVICES = List.of("null", "zero", "full", "random", "urandom", "tty");

  private final String setpriv;
  private final String nsenter;
  private final String env;
  private final String perl;
  private final String setsid;
  private final RootEntry entry;
  private final boolean userNamespace;
  private final Cgroups cgroups;

  private Sandbox(HostFacts host, Cgroups cgroups) {
    this.cgroups = cgroups;
    this.setpriv = host.tool("setpriv").orElseThrow();
    this.nsenter = host.tool("nsenter").orElseThrow();
    this.env = host.tool("env").orElse("/usr/bin/env");
    this.perl = host.tool("perl").orElse(null);
    // util-linux's, beside unshare and nsenter; a host without it keeps sandboxes in the holder's session.
    this.setsid = host.tool("setsid").orElse(null);
    this.entry = new RootEntry(setpriv, host.tool("unshare").orElseThrow(), nsenter,
        host.tool("mount").orElseThrow(), host.tool("umount").orElseThrow(), host.tool("mkfifo").orElseThrow(),
        host.tool("pivot_root").orElseThrow(), host.tool("sleep").orElse("/bin/sleep"),
        host.tool("ip").orElse(null));
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
    return new Sandbox(host, Cgroups.host());
  }

  /**
   * Starts a sandboxed process in a cgroup of its own that holds it to the spec's limits; its
   * output goes to {@code sink} line by line. The calling thread must outlive the process: the
   * kernel kills the sandbox when the thread that started it ends (that is how a killed JVM
   * takes its sandboxes with it).
   */
  public SandboxProcess start(SandboxSpec spec, OutputSink sink) throws IOException {
    return start(spec, null, sink);
  }

  /** As {@link #start(SandboxSpec, OutputSink)}, with {@code stdin} (null: none) fed to the init. */
  public SandboxProcess start(SandboxSpec spec, InputStream stdin, OutputSink sink) throws IOException {
    Path box = spec.merged().getParent();
    prepare(spec, box);
    SandboxCgroup cgroup = null;
    String unenforced;
    try {
      // A sandbox whose cgroup cannot be made runs without limits, and tells why (unenforced()).
      unenforced = cgroups.problem(spec.limits()).orElse(null);
      cgroup = cgroups.create(spec.limits());
    } catch (IOException e) {
      unenforced = e.getMessage();
    }
    List<String> cmd = session(entry.command(spec, box, cgroup == null ? List.of() : cgroup.procsFiles(),
        userNamespace));
    try {
      SandboxProcess p = spawn(cmd, spec.env(), stdin, sink, cgroup, unenforced);
      p.entered(box, spec.workdir());
      return p;
    } catch (IOException | RuntimeException e) {
      if (cgroup != null) {
        cgroup.remove();
      }
      throw e;
    }
  }

  /**
   * The start of a command line that gives what follows exactly {@code env}: a shell on the
   * way exports PWD (and its cd OLDPWD), host paths; the command gets the ones its environment
   * names, or none, as under Docker.
   */
  private List<String> exactEnv(Map<String, String> vars) {
    List<String> cmd = new ArrayList<>(List.of(env, "-u", "PWD", "-u", "OLDPWD"));
    for (String name : List.of("PWD", "OLDPWD")) {
      if (vars.containsKey(name)) {
        cmd.add(name + "=" + vars.get(name));
      }
    }
    return cmd;
  }

  /**
   * Writes the sandbox's fstab and fstab.proc, and its /dev skeleton (empty files the host's
   * devices are bound onto, /dev/fd links) beside the merged dir. Mount points the image lacks (/proc,
   * /dev) are made in the upper dir, as the kernel needs them to exist.
   */
  private void prepare(SandboxSpec spec, Path box) throws IOException {
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
    Files.createDirectory(box.resolve("host"));
    String m = spec.merged().toString();
    StringBuilder tab = new StringBuilder();
    // The host's root for the helper that unmounts it from the sandbox (see RootEntry); bound
    // first, it holds none of the mounts below.
    line(tab, "/", box.resolve("host").toString(), "none", "rbind");
    line(tab, "overlay", m, "overlay", "lowerdir=" + String.join(":", lowers) + ",upperdir=" + spec.upper()
        + ",workdir=" + spec.work() + ",index=off,metacopy=off"
        // userxattr, as root too: opaque dirs are then marked user.overlay.opaque, which Java
        // reads and writes without a host tool (trusted.* needs getfattr). It implies
        // redirect_dir=nofollow: a renamed dir is copied up whole, so layers never hold redirects.
        + ",userxattr"
        // nodev: a step may make device nodes (a layer keeps them) but not open one, as the
        // host's disk made with mknod; only the host devices bound below open.
        + ",nodev");
    line(tab, dev.toString(), m + "/dev", "none", "bind,nodev");
    for (String d : DEVICES) {
      line(tab, "/dev/" + d, m + "/dev/" + d, "none", "bind");
    }
    line(tab, "shm", m + "/dev/shm", "tmpfs", "mode=1777,nosuid,nodev");
    // A pty of the sandbox's own (dpkg and script want one); /dev/ptmx links to its ptmx. The
    // tty group (5) does not exist in a user namespace that maps root only.
    line(tab, "devpts", m + "/dev/pts", "devpts", "newinstance,ptmxmode=0666,mode=0620,nosuid,noexec"
        + (userNamespace ? "" : ",gid=5"));
    Optional<Path> resolv = image.find("/etc/resolv.conf");
    if (spec.network() && Files.isRegularFile(Path.of("/etc/resolv.conf")) && resolv.isPresent()
        && Files.isRegularFile(resolv.get(), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      line(tab, "/etc/resolv.conf", m + "/etc/resolv.conf", "none", "bind,ro");
    }
    // A run step's own mounts come last, over the image, its /dev and its resolv.conf.
    for (int n = 0; n < spec.mounts().size(); n++) {
      spec.mounts().get(n).lines(box, m, n, tab);
    }
    Files.writeString(box.resolve("fstab"), tab.toString());
    // /proc is mounted from inside the pid namespace, so it shows the sandbox's processes. The
    // parts through which root changes the host's kernel (sysctls such as core_pattern, sysrq)
    // are read-only, as under Docker; without CAP_SYS_ADMIN the step cannot remount them.
    StringBuilder proc = new StringBuilder();
    line(proc, "proc", m + "/proc", "proc", "nosuid,nodev,noexec");
    for (String part : List.of("sys", "sysrq-trigger", "irq", "bus", "fs")) {
      // A new proc has the parts the host's has (this kernel's build decides).
      if (Files.exists(Path.of("/proc", part))) {
        line(proc, m + "/proc/" + part, m + "/proc/" + part, "none", "bind,ro,nosuid,nodev,noexec");
      }
    }
    Files.writeString(box.resolve("fstab.proc"), proc.toString());
  }

  static void line(StringBuilder tab, String source, String target, String type, String options) {
    tab.append(escape(source)).append(' ').append(escape(target)).append(' ').append(type).append(' ')
        .append(escape(options)).append(" 0 0\n");
  }

  /** fstab(5) escapes blanks and backslashes in octal. */
  private static String escape(String field) {
    return field.replace("\\", "\\134").replace(" ", "\\040").replace("\t", "\\011").replace("\n", "\\012");
  }

  /**
   * Runs a command inside running sandbox {@code into} (its namespaces, its root, its working
   * directory, its cgroup and so its limits), as {@code uid:gid} when given, with exactly
   * {@code env}, reading {@code stdin} (null: none). Same thread rule as {@link #start}.
   *
   * @throws IOException also when {@code into} is not running
   */
  public SandboxProcess enter(SandboxProcess into, List<String> command, Map<String, String> env,
      Integer uid, Integer gid, InputStream stdin, OutputSink sink) throws IOException {
    long initPid = into.initPid();
    if (initPid <= 0) {
      throw new IOException("the machine is not running");
    }
    List<String> cmd = joining(into);
    if (!into.cgroupProcsFiles().isEmpty()) {
      // The joining shell exported PWD.
      cmd.addAll(exactEnv(env));
    }
    cmd.addAll(entry.enterCommand(initPid, helperPid(into, initPid), userNamespace, into.workdir(), uid, gid, command));
    return spawn(cmd, env, stdin, sink, null, null);
  }

  /**
   * Starts the exec agent of running sandbox {@code into} ({@link ExecAgent}), which runs
   * commands in it as {@link #enter} does, each with one fork and one exec. Same thread rule as
   * {@link #start}. Empty when the host has no {@code perl} (or the agent is not made for its
   * architecture): commands are then entered.
   *
   * @throws IOException also when {@code into} is not running
   */
  public Optional<ExecAgent> startAgent(SandboxProcess into) throws IOException {
    long initPid = into.initPid();
    if (perl == null || AgentScript.PRCTL < 0) {
      return Optional.empty();
    }
    if (initPid <= 0) {
      throw new IOException("the machine is not running");
    }
    List<String> cmd = joining(into);
    cmd.addAll(entry.agentCommand(initPid, helperPid(into, initPid), userNamespace, perl));
    return Optional.of(ExecAgent.start(cmd, entry, into.workdir()));
  }

  /**
   * {@code cmd} in a session (and process group) of its own: a process of a sandbox that
   * signals its process group ({@code kill -9 0}) would otherwise reach the holder, whose group
   * the JVM's children share, and with it every other machine. No terminal is then the
   * sandbox's either.
   */
  private List<String> session(List<String> cmd) {
    if (setsid != null) {
      // A child of the JVM leads no process group, so setsid makes the session without a fork.
      cmd.add(0, setsid);
    }
    return cmd;
  }

  /**
   * The start of a command line in a session of its own that dies with the calling thread and
   * joins {@code into}'s cgroup.
   */
  private List<String> joining(SandboxProcess into) {
    List<String> cmd = session(new ArrayList<>(List.of(setpriv, "--pdeathsig", "KILL")));
    List<String> procs = into.cgroupProcsFiles();
    if (!procs.isEmpty()) {
      cmd.addAll(List.of("/bin/sh", "-c", JOIN + "\nexec \"$@\"", "join"));
      cmd.addAll(procs);
      cmd.add("--");
    }
    return cmd;
  }

  /** The host pid of {@code into}'s entering helper, waiting up to 10 s for the sandbox to enter its root. */
  private static long helperPid(SandboxProcess into, long initPid) throws IOException {
    // The init runs before the sandbox has entered its root; the helper is there once it has.
    long helperPid = into.enterHelperPid();
    for (long deadline = System.nanoTime() + 10_000_000_000L;
        helperPid <= 0 && SandboxProcess.isRunning(initPid) && System.nanoTime() < deadline; ) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while the machine started", e);
      }
      helperPid = into.enterHelperPid();
    }
    if (helperPid <= 0) {
      throw new IOException("the machine is not running");
    }
    return helperPid;
  }

  /**
   * The command line that runs what follows in the network namespace of the running sandbox
   * whose init is host pid {@code initPid}, dying with the calling thread (a port relay into a machine).
   *
   * @throws IOException when the sandbox is not running
   */
  public List<String> intoNetwork(long initPid) throws IOException {
    if (initPid <= 0) {
      throw new IOException("the machine is not running");
    }
    return entry.intoNetworkCommand(initPid, userNamespace);
  }

  /**
   * Starts {@code cmd} with exactly {@code env}; its stdin is {@code stdin}, or empty when null;
   * {@code cgroup} (null: none, for {@code unenforced}'s reason) goes with it.
   */
  private static SandboxProcess spawn(List<String> cmd, Map<String, String> env, InputStream stdin, OutputSink sink,
      SandboxCgroup cgroup, String unenforced) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(stdin == null
        ? ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()) : ProcessBuilder.Redirect.PIPE);
    pb.environment().clear();
    pb.environment().putAll(env);
    return new SandboxProcess(pb.start(), stdin, sink, cgroup, unenforced);
  }
}
