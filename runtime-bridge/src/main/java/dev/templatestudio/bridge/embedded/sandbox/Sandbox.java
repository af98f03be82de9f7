package dev.templatestudio.bridge.embedded.sandbox;

import dev.templatestudio.bridge.build.RuntimeUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
  private static final List<String> BIN_DIRS = List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin");

  // $1 lowers (relative to $8), $2 upper, $3 work, $4 merged, $5 workdir, $6 "uid:gid" or "-",
  // $7 1 when the host network (and its resolv.conf) is shared, $8 the layers dir, $9 extra
  // overlay options; then the command.
  private static final String SETUP = String.join("\n",
      "set -e",
      "L=$1; U=$2; W=$3; M=$4; WD=$5; ID=$6; NET=$7; LAYERS=$8; OPT=$9; shift 9",
      "cd \"$LAYERS\"",
      "MOUNT -t overlay overlay -o \"lowerdir=$L,upperdir=$U,workdir=$W,$OPT\" \"$M\"",
      "cd /",
      "[ -d \"$M/proc\" ] || mkdir -p \"$M/proc\"",
      "MOUNT -t proc -o nosuid,nodev,noexec proc \"$M/proc\"",
      "[ -d \"$M/dev\" ] || mkdir -p \"$M/dev\"",
      "MOUNT -t tmpfs -o mode=755,nosuid dev \"$M/dev\"",
      "for d in null zero full random urandom tty; do : > \"$M/dev/$d\"; MOUNT --bind \"/dev/$d\" \"$M/dev/$d\"; done",
      "ln -s /proc/self/fd \"$M/dev/fd\"; ln -s fd/0 \"$M/dev/stdin\"; ln -s fd/1 \"$M/dev/stdout\"; ln -s fd/2 \"$M/dev/stderr\"",
      "mkdir \"$M/dev/shm\"; MOUNT -t tmpfs -o mode=1777,nosuid,nodev shm \"$M/dev/shm\"",
      "if [ \"$NET\" = 1 ] && [ -f /etc/resolv.conf ] && [ -f \"$M/etc/resolv.conf\" ]; then",
      "  MOUNT --bind -o ro /etc/resolv.conf \"$M/etc/resolv.conf\"",
      "fi",
      "if [ \"$ID\" = - ]; then exec NSENTER --root=\"$M\" --wdns=\"$WD\" -- \"$@\"; fi",
      "exec NSENTER --root=\"$M\" --wdns=\"$WD\" -S \"${ID%%:*}\" -G \"${ID##*:}\" -- \"$@\"");

  private final String setpriv;
  private final String unshare;
  private final String nsenter;
  private final String script;
  private final boolean userNamespace;

  private Sandbox(String setpriv, String unshare, String mount, String nsenter, boolean userNamespace) {
    this.setpriv = setpriv;
    this.unshare = unshare;
    this.nsenter = nsenter;
    this.script = SETUP.replace("MOUNT ", mount + " ").replace("NSENTER ", nsenter + " ");
    this.userNamespace = userNamespace;
  }

  /**
   * The sandbox of this machine.
   *
   * @throws RuntimeUnavailableException when it cannot work here, with one sentence that says
   *     why and names the remote and docker runtimes as the way out
   */
  public static Sandbox detect() throws RuntimeUnavailableException {
    if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
      throw new RuntimeUnavailableException("The embedded runtime builds only on Linux; "
          + UNAVAILABLE_HINT + ".");
    }
    String setpriv = find("setpriv");
    String unshare = find("unshare");
    String mount = find("mount");
    String nsenter = find("nsenter");
    if (setpriv == null || unshare == null || mount == null || nsenter == null) {
      throw new RuntimeUnavailableException("The embedded runtime needs util-linux (unshare, "
          + "nsenter, setpriv, mount), which is not installed here; install it or "
          + UNAVAILABLE_HINT + ".");
    }
    boolean root = HostInfo.isRoot();
    if (!root && !HostInfo.userNamespacesAllowed()) {
      throw new RuntimeUnavailableException("The embedded runtime needs root or unprivileged "
          + "user namespaces, and this machine allows neither; " + UNAVAILABLE_HINT + ".");
    }
    return new Sandbox(setpriv, unshare, mount, nsenter, !root);
  }

  /**
   * Starts a sandboxed process; its output goes to {@code sink} line by line. The calling
   * thread must outlive the process: the kernel kills the sandbox when the thread that started
   * it ends (that is how a killed JVM takes its sandboxes with it).
   */
  public SandboxProcess start(SandboxSpec spec, OutputSink sink) throws IOException {
    Path layersDir = spec.lowers().get(0).getParent();
    List<String> lowers = new ArrayList<>();
    // Overlayfs refuses a dir that is two lowers (ELOOP). Two equal layers (e.g. two steps
    // that changed nothing) are one dir; keeping only the topmost gives the same merged view.
    for (Path lower : new java.util.LinkedHashSet<>(spec.lowers())) {
      // Names relative to the layers dir keep the mount options under the kernel's one-page limit.
      lowers.add(lower.getParent().equals(layersDir) ? lower.getFileName().toString() : lower.toString());
    }
    List<String> cmd = new ArrayList<>(List.of(setpriv, "--pdeathsig", "KILL", unshare));
    if (userNamespace) {
      cmd.add("--user");
      cmd.add("--map-root-user");
    }
    cmd.addAll(List.of("--mount", "--pid", "--fork", "--ipc", "--uts", "--kill-child"));
    if (!spec.network()) {
      cmd.add("--net");
    }
    cmd.addAll(List.of("--", "/bin/sh", "-c", script, "sandbox",
        String.join(":", lowers), spec.upper().toString(), spec.work().toString(),
        spec.merged().toString(), spec.workdir() == null ? "/" : spec.workdir(),
        spec.uid() == null ? "-" : spec.uid() + ":" + (spec.gid() == null ? spec.uid() : spec.gid()),
        spec.network() ? "1" : "0", layersDir.toString(),
        "index=off,redirect_dir=off,metacopy=off" + (userNamespace ? ",userxattr" : "")));
    cmd.addAll(spec.command());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    pb.environment().clear();
    pb.environment().putAll(spec.env());
    return new SandboxProcess(pb.start(), sink);
  }

  /**
   * Runs a command inside a running sandbox (its namespaces, its root, its working directory),
   * as {@code uid:gid} when given, with exactly {@code env}. Same thread rule as {@link #start}.
   */
  public SandboxProcess enter(long initPid, List<String> command, Map<String, String> env,
      Integer uid, Integer gid, OutputSink sink) throws IOException {
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
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    pb.environment().clear();
    pb.environment().putAll(env);
    return new SandboxProcess(pb.start(), sink);
  }

  /** Whether sandboxes get a user namespace (not root) rather than running as real root. */
  public boolean usesUserNamespace() {
    return userNamespace;
  }

  private static String find(String name) {
    for (String dir : BIN_DIRS) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    return null;
  }
}
