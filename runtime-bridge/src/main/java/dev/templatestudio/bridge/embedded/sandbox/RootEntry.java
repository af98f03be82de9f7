package dev.templatestudio.bridge.embedded.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command line that starts a sandboxed process, made of util-linux tools and {@code sh}.
 *
 * <p>The command enters its image by {@code pivot_root}, not by {@code chroot}: once the overlay is
 * the root of the sandbox's mount namespace and the host's root is unmounted from it, no
 * {@code chroot} and no {@code cd ..} leads out, and the kernel treats the command as not
 * chrooted (so it may make user namespaces of its own). Its capability bounding set is Docker's
 * default, without {@code CAP_SYS_ADMIN}: it cannot mount, nor undo the read-only /proc parts.
 *
 * <p>No single util-linux tool drops capabilities and pivots the root before it runs a
 * command, and a host tool started after the pivot finds neither itself nor its libraries in
 * the image. So the command's own process (pid 1 of the sandbox) drops its capabilities and
 * sets its user while it still runs the host's {@code sh}, then waits; two helpers outside the
 * pid namespace, started before, do the rest: one pivots (the kernel changes the root of every
 * process of the namespace whose root was the old root, the waiting one too), the other, whose
 * root is a bind of the host's root that the pivot leaves alone, unmounts the old root. Then
 * the waiting shell executes the command, which the kernel finds in the image. They talk over
 * three fifos in the sandbox's dir, opened read-write (so no open blocks) before any of them starts.
 */
final class RootEntry {
  /** Docker's default capabilities: what a build step of {@code docker build} may use. */
  static final List<String> CAPABILITIES = List.of("chown", "dac_override", "fowner", "fsetid", "kill",
      "setgid", "setuid", "setpcap", "net_bind_service", "net_raw", "sys_chroot", "mknod", "audit_write",
      "setfcap");

  // In the sandbox's new mount namespace (the host's pid namespace): $1 the sandbox dir, $2 the
  // merged dir, then the command line of the pid namespace. The overlay's lower dirs are named
  // relative to $1/lowers. One mount(8) process does all mounts: each process start costs tens
  // of ms on a busy host. The scripts set no variable the command could inherit: the command's
  // environment passes through them, and an image's ENV may name any variable (an assignment to
  // M here once changed a step's $M); the helpers' own variables die with them.
  private static final String OUTER = String.join("\n",
      "set -e",
      "while [ \"$1\" != -- ]; do echo 0 > \"$1\"; shift; done",
      "shift",
      "cd \"$1/lowers\"",
      "{mount} -a -T \"$1/fstab\"",
      "{mkfifo} \"$1/ready\" \"$1/pivoted\" \"$1/unmounted\"",
      "exec 3<>\"$1/ready\" 4<>\"$1/pivoted\" 5<>\"$1/unmounted\"",
      // The old root goes under /dev/shm, a mount point of the sandbox's own, where the
      // unmounting helper (its working dir the sandbox's /dev) finds it. The pivot waits for a
      // line from each of the other two, sent once they stand where the pivot cannot move them
      // (the unmounting helper in the host's root, the step waiting with its host tools loaded).
      "{setpriv} --pdeathsig KILL /bin/sh -c 'read -r s <&3; read -r s <&3; cd \"$1\" && {pivot_root} . dev/shm "
          + "&& echo ok >&4 || echo failed >&4' pivot \"$2\" &",
      // Its pid file is opened before the old root goes and written after: the lazy unmount
      // detaches every mount below the old root from this helper's bound view too, so a store
      // on a mount of its own (a /tmp or /home partition) is out of its sight by then; the
      // file stays empty, which Sandbox.enter reads as not ready, until the old root is gone.
      // It stays, asleep, for commands run into the sandbox later (see Sandbox.enter), and dies
      // with the sandbox by its parent-death signal, which needs it to be a child of this
      // process (so no shell waits for it to say that nsenter failed: that needs the two dirs
      // made just before to be gone).
      "{setpriv} --pdeathsig KILL {nsenter} --root=\"$1/host\" --wd=\"$2/dev\" -- /bin/sh -c 'echo >&3; "
          + "read -r s <&4; [ \"$s\" = ok ] && exec 6>\"$1/enter.pid\" && {umount} -l -c shm && echo $$ >&6 && echo ok >&5 "
          + "&& exec {sleep} infinity; echo failed >&5' unmount \"$1\" &",
      "shift 2",
      "exec \"$@\"");
  // Pid 1 of the new pid namespace, so its /proc is the sandbox's: $1 the sandbox dir.
  private static final String INIT = String.join("\n",
      "set -e",
      "{mount} -a -T \"$1/fstab.proc\"",
      "{lo}",
      "cd /",
      "shift",
      "exec \"$@\"");

  private final String setpriv;
  private final String unshare;
  private final String nsenter;
  private final String outer;
  private final String init;
  private final String initOwnNetwork;

  /** {@code ip}: null when the host has none; a network namespace of the sandbox's own then keeps loopback down. */
  RootEntry(String setpriv, String unshare, String nsenter, String mount, String umount, String mkfifo,
      String pivotRoot, String sleep, String ip) {
    this.setpriv = setpriv;
    this.unshare = unshare;
    this.nsenter = nsenter;
    this.outer = OUTER.replace("{mount}", mount).replace("{mkfifo}", mkfifo).replace("{setpriv}", setpriv)
        .replace("{nsenter}", nsenter).replace("{pivot_root}", pivotRoot).replace("{umount}", umount)
        .replace("{sleep}", sleep);
    this.init = INIT.replace("{mount}", mount).replace("{lo}", ":");
    // A new network namespace has loopback down: up, a service in it can listen on 127.0.0.1
    // and its own commands reach it, as in a Docker container.
    this.initOwnNetwork = INIT.replace("{mount}", mount).replace("{lo}", ip == null ? ":" : ip + " link set lo up");
  }

  /**
   * The command line that runs {@code spec}'s command in the sandbox whose dir is {@code box}
   * (holding fstab, fstab.proc, lowers and an empty host dir), joining the cgroup whose
   * cgroup.procs files are {@code procsFiles}.
   */
  List<String> command(SandboxSpec spec, java.nio.file.Path box, List<String> procsFiles, boolean userNamespace) {
    List<String> cmd = new ArrayList<>(List.of(setpriv, "--pdeathsig", "KILL", unshare));
    if (userNamespace) {
      cmd.addAll(List.of("--user", "--map-root-user"));
    }
    cmd.addAll(List.of("--mount", "--", "/bin/sh", "-c", outer, "sandbox"));
    cmd.addAll(procsFiles);
    cmd.addAll(List.of("--", box.toString(), spec.merged().toString(), unshare,
        "--pid", "--fork", "--kill-child", "--ipc", "--uts"));
    if (!spec.network()) {
      cmd.add("--net");
    }
    cmd.addAll(List.of("--", "/bin/sh", "-c", spec.network() ? init : initOwnNetwork, "init", box.toString()));
    cmd.addAll(List.of(setpriv, "--bounding-set", "-all,+" + String.join(",+", CAPABILITIES), "--inh-caps", "-all"));
    if (spec.uid() != null) {
      cmd.addAll(List.of("--reuid", spec.uid().toString(), "--regid",
          (spec.gid() == null ? spec.uid() : spec.gid()).toString(), "--clear-groups"));
    }
    cmd.addAll(List.of("--", "/bin/sh", "-c", enter(spec.env()), "step",
        spec.workdir() == null ? "/" : spec.workdir()));
    for (String name : List.of("PWD", "OLDPWD")) {
      cmd.add(spec.env().getOrDefault(name, ""));
    }
    cmd.addAll(spec.command());
    return cmd;
  }

  /**
   * The command line that runs {@code command} in a running sandbox: its init's namespaces,
   * the root and working dir of its unmounting helper (the host's root, bound, and the
   * sandbox's /dev), where host tools run; from there, with Docker's capabilities, into the
   * sandbox's root (/dev/..), which is the root of its mount namespace.
   */
  List<String> enterCommand(long initPid, long helperPid, boolean userNamespace, String workdir, Integer uid,
      Integer gid, List<String> command) {
    List<String> cmd = new ArrayList<>(List.of(nsenter, "--target", Long.toString(initPid), "--mount", "--pid",
        "--ipc", "--uts", "--net"));
    if (userNamespace) {
      cmd.add("--user");
    }
    cmd.addAll(List.of("--root=/proc/" + helperPid + "/root", "--wd=/proc/" + helperPid + "/cwd", "--"));
    cmd.addAll(List.of(setpriv, "--bounding-set", "-all,+" + String.join(",+", CAPABILITIES), "--inh-caps", "-all",
        "--"));
    cmd.addAll(intoRoot(workdir, uid, gid, command));
    return cmd;
  }

  /**
   * From the root and working dir of the unmounting helper (the host's root, bound, and the
   * sandbox's /dev): {@code command} in the sandbox's root (/dev/..) and {@code workdir}, as
   * {@code uid:gid} when given.
   */
  List<String> intoRoot(String workdir, Integer uid, Integer gid, List<String> command) {
    List<String> cmd = new ArrayList<>(List.of(nsenter, "--root=..", "--wdns=" + (workdir == null ? "/" : workdir)));
    if (uid != null) {
      cmd.addAll(List.of("-S", uid.toString(), "-G", (gid == null ? uid : gid).toString()));
    }
    cmd.add("--");
    cmd.addAll(command);
    return cmd;
  }

  /**
   * The command line of a running sandbox's exec agent ({@link AgentScript}): in its init's
   * namespaces, with its capabilities, in the unmounting helper's root and working dir, from
   * where the agent's children enter the sandbox's root. Perl reads the program from its stdin
   * ({@code -e} would open /dev/null, which that root lacks: the machine's mount namespace
   * holds the host's root without its submounts).
   */
  List<String> agentCommand(long initPid, long helperPid, boolean userNamespace, String perl) {
    List<String> cmd = new ArrayList<>(List.of(nsenter, "--target", Long.toString(initPid), "--mount", "--pid",
        "--ipc", "--uts", "--net"));
    if (userNamespace) {
      cmd.add("--user");
    }
    cmd.addAll(List.of("--root=/proc/" + helperPid + "/root", "--wd=/proc/" + helperPid + "/cwd", "--",
        setpriv, "--bounding-set", "-all,+" + String.join(",+", CAPABILITIES), "--inh-caps", "-all",
        "--", perl, "-"));
    return cmd;
  }

  /**
   * The command line that runs what follows in the network namespace of running sandbox
   * {@code initPid} (and its user namespace when it has one), dying with the calling thread.
   */
  List<String> intoNetworkCommand(long initPid, boolean userNamespace) {
    List<String> cmd = new ArrayList<>(List.of(setpriv, "--pdeathsig", "KILL", nsenter, "--target",
        Long.toString(initPid), "--net"));
    if (userNamespace) {
      cmd.add("--user");
    }
    cmd.add("--");
    return cmd;
  }

  /**
   * The waiting shell's script: $1 the working dir, $2 and $3 PWD and OLDPWD (used when
   * {@code env} names them), then the command. The shell's {@code cd} exports PWD and OLDPWD,
   * host paths at first: the command gets the ones its environment names, or none, as under Docker.
   */
  private static String enter(Map<String, String> env) {
    String go = "SANDBOX_GO";
    while (env.containsKey(go)) {
      go += "_";
    }
    List<String> lines = new ArrayList<>(List.of(
        "echo >&3",
        "read -r " + go + " <&5",
        "[ \"$" + go + "\" = ok ] || { echo 'the sandbox could not enter its image' >&2; exit 125; }",
        "unset " + go,
        "exec 3>&- 4>&- 5>&-",
        "cd -- \"$1\" || exit 1",
        "unset PWD OLDPWD"));
    if (env.containsKey("PWD")) {
      lines.add("export PWD=\"$2\"");
    }
    if (env.containsKey("OLDPWD")) {
      lines.add("export OLDPWD=\"$3\"");
    }
    lines.addAll(List.of("shift 3", "exec \"$@\""));
    return String.join("\n", lines);
  }
}
