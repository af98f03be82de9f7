package dev.templatestudio.bridge.embedded.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A running sandbox: the host-side {@code unshare} process, whose single child is the
 * sandbox's init (pid 1 inside), and the sandbox's cgroup, removed once it has ended (what the
 * kernel counted at its limits stays readable here). Output is read on two daemon threads.
 * Thread-safe.
 */
public final class SandboxProcess implements AutoCloseable {
  static final int MAX_LINE = 16 * 1024;
  /**
   * What util-linux 2.38's unshare says, exiting 1, when the init it waits for was killed by
   * SIGKILL (as the OOM killer does): it cannot pass SIGKILL on by re-raising it.
   */
  static final String UNSHARE_LOST_SIGKILL = "unshare: sigprocmask unblock failed: Invalid argument";
  private static final int KILLED = 128 + 9;
  private final Process process;
  private final Thread out;
  private final Thread err;
  private volatile long initPid = -1;
  private volatile Path box;
  private volatile String workdir;
  private final SandboxCgroup cgroup;
  private final String unenforced;
  private boolean released;
  private long oomKills;
  private long processLimitHits;
  private volatile boolean initKilled;

  SandboxProcess(Process process, InputStream stdin, OutputSink sink, SandboxCgroup cgroup, String unenforced) {
    this.process = process;
    this.cgroup = cgroup;
    this.unenforced = unenforced;
    this.out = pump(process.getInputStream(), "stdout", sink);
    this.err = pump(process.getErrorStream(), "stderr", (stream, line) -> {
      if (line.equals(UNSHARE_LOST_SIGKILL)) {
        initKilled = true;
      } else {
        sink.line(stream, line);
      }
    });
    if (stdin != null) {
      feed(stdin, process.getOutputStream());
    }
  }

  /**
   * Waits for the sandbox to end and for its output to be delivered; returns the exit code,
   * 137 when its init was killed by SIGKILL (as a shell reports it).
   */
  public int waitFor() throws InterruptedException {
    int code = process.waitFor();
    out.join();
    err.join();
    release();
    return code == 1 && initKilled ? KILLED : code;
  }

  /** Waits up to {@code millis}; true when the sandbox ended. */
  public boolean waitFor(long millis) throws InterruptedException {
    boolean ended = process.waitFor(millis, TimeUnit.MILLISECONDS);
    if (ended) {
      release();
    }
    return ended;
  }

  /** Why this sandbox is not held to its limits (the end of a sentence), or empty when it is. */
  public Optional<String> unenforced() {
    return Optional.ofNullable(unenforced);
  }

  /** Processes of this sandbox the kernel killed because it was out of memory, so far. */
  public synchronized long oomKills() {
    return released || cgroup == null ? oomKills : cgroup.oomKills();
  }

  /** Forks the kernel refused because this sandbox had its limit of processes, so far. */
  public synchronized long processLimitHits() {
    return released || cgroup == null ? processLimitHits : cgroup.processLimitHits();
  }

  /** The files a process writes to, to join this sandbox's cgroup; none without one. */
  List<String> cgroupProcsFiles() {
    return cgroup == null ? List.of() : cgroup.procsFiles();
  }

  /** Once the sandbox has ended: keeps its counts and removes its cgroup. */
  private synchronized void release() {
    if (released || cgroup == null) {
      return;
    }
    oomKills = cgroup.oomKills();
    processLimitHits = cgroup.processLimitHits();
    cgroup.remove();
    released = true;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Where a sandbox started by {@link Sandbox#start} keeps its files, and its command's working dir. */
  void entered(Path box, String workdir) {
    this.box = box;
    this.workdir = workdir;
  }

  /** The working dir of the sandbox's command (null: /); commands run into it start there. */
  String workdir() {
    return workdir;
  }

  /**
   * The host pid of the helper that commands run into the sandbox start from (see RootEntry),
   * or -1 while there is none.
   */
  long enterHelperPid() {
    try {
      return box == null ? -1 : Long.parseLong(Files.readString(box.resolve("enter.pid")).trim());
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  /** The host pid of the sandbox's outermost process, whose end ends the whole sandbox. */
  public long hostPid() {
    return process.pid();
  }

  /** The host pid of the sandbox's init (pid 1 inside), or -1 when it is not running (yet). */
  public long initPid() {
    if (initPid > 0) {
      return initPid;
    }
    long pid = process.pid();
    try {
      // Beside the init, the helpers that enter its root are children too (see RootEntry).
      String children = Files.readString(Path.of("/proc/" + pid + "/task/" + pid + "/children")).trim();
      for (String child : children.isEmpty() ? new String[0] : children.split("\\s+")) {
        if (isNamespaceInit(Long.parseLong(child))) {
          initPid = Long.parseLong(child);
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return initPid;
  }

  /**
   * Kills every process of the sandbox and waits (up to two seconds) until they are gone. The
   * kernel kills the whole pid namespace when its init dies; its mounts go with it.
   */
  public void kill() throws InterruptedException {
    long init = initPid();
    process.destroyForcibly();
    process.waitFor(2, TimeUnit.SECONDS);
    if (init > 0) {
      if (isRunning(init) && isNamespaceInit(init)) {
        // unshare's death kills the init through the parent-death signal, which a change of
        // user clears: a start command run as USER app would outlive its machine.
        ProcessHandle.of(init).ifPresent(ProcessHandle::destroyForcibly);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
      while (isRunning(init) && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
    }
    out.join(1000);
    err.join(1000);
    release();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }

  /** True when {@code pid} is pid 1 of a pid namespace below this one: a sandbox's init, not a pid reused since. */
  static boolean isNamespaceInit(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("NSpid:")) {
          String[] pids = line.substring(6).trim().split("\\s+");
          return pids.length > 1 && pids[pids.length - 1].equals("1");
        }
      }
    } catch (IOException e) {
      // Gone already.
    }
    return false;
  }

  /** True while {@code pid} exists and is not a zombie. */
  static boolean isRunning(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      int close = stat.lastIndexOf(')');
      return close > 0 && close + 2 < stat.length() && stat.charAt(close + 2) != 'Z';
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Copies {@code stdin} to the process on a daemon thread, closing the process's input at its
   * end. The thread may stay blocked in a read after the process ended (a terminal's stdin
   * that is never closed); as a daemon, it does not keep the JVM alive.
   */
  private static void feed(InputStream stdin, OutputStream to) {
    Thread t = new Thread(() -> {
      try (OutputStream in = to) {
        stdin.transferTo(in);
      } catch (IOException e) {
        // The process ended before it read all its input, as "head" does: the rest is not wanted.
      }
    }, "sandbox-stdin");
    t.setDaemon(true);
    t.start();
  }

  private static Thread pump(InputStream in, String stream, OutputSink sink) {
    Thread t = new Thread(() -> {
      try (InputStreamReader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
        lines(r, line -> sink.line(stream, line));
      } catch (IOException e) {
        // The process was killed and its pipe closed: nothing more to read.
      }
    }, "sandbox-" + stream);
    t.setDaemon(true);
    t.start();
    return t;
  }

  /**
   * Calls {@code line} with each line of {@code r} (ended by \n, \r or \r\n), one longer than
   * {@link #MAX_LINE} cut there with " …": what is past the cut is never held, so a process that
   * prints gigabytes without a line break takes no more memory than one that breaks its lines.
   */
  static void lines(java.io.Reader r, java.util.function.Consumer<String> line) throws IOException {
    char[] buffer = new char[8192];
    StringBuilder current = new StringBuilder();
    boolean cut = false;
    boolean afterCr = false;
    boolean open = false;
    int n;
    while ((n = r.read(buffer)) != -1) {
      for (int i = 0; i < n; i++) {
        char c = buffer[i];
        if (c == '\n' && afterCr) {
          afterCr = false;
          continue;
        }
        afterCr = c == '\r';
        if (c == '\n' || c == '\r') {
          line.accept(cut ? current + " …" : current.toString());
          current.setLength(0);
          cut = false;
          open = false;
        } else if (current.length() < MAX_LINE) {
          current.append(c);
          open = true;
        } else {
          cut = true;
        }
      }
    }
    if (open) {
      line.accept(cut ? current + " …" : current.toString());
    }
  }

}
