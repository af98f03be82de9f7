package dev.templatestudio.bridge.embedded.machine;

import dev.templatestudio.bridge.embedded.net.PortForwards;
import dev.templatestudio.bridge.embedded.sandbox.ExecAgent;
import dev.templatestudio.bridge.embedded.sandbox.OutputSink;
import dev.templatestudio.bridge.embedded.sandbox.ResourceLimits;
import dev.templatestudio.bridge.embedded.sandbox.Sandbox;
import dev.templatestudio.bridge.embedded.sandbox.SandboxProcess;
import dev.templatestudio.bridge.embedded.sandbox.SandboxSpec;
import dev.templatestudio.bridge.embedded.step.ImageUser;
import dev.templatestudio.bridge.embedded.store.WorkDirs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running machine: a sandbox over an image's layers with its own throwaway upper dir, whose
 * init is the start command, held to its resource limits with all that runs in it. Commands
 * run inside it through {@link #exec}. Closing it kills every process in it and deletes its
 * upper dir; nothing stays mounted. Must be started and closed on a thread that lives as long
 * as the machine (see {@link Sandbox#start}).
 */
public final class Machine implements AutoCloseable {
  private static final int TAIL_LINES = 30;
  /** How long a command waits for an agent that is starting before it is entered instead. */
  private static final long AGENT_START_MILLIS = 5_000;
  private final Sandbox sandbox;
  private final WorkDirs.WorkDir dir;
  private final SandboxProcess init;
  private final ResourceLimits limits;
  private final boolean ownNetwork;
  private final Deque<String> tail = new ArrayDeque<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private PortForwards forwards;
  private volatile ExecAgent agent;
  private final CountDownLatch agentStarted = new CountDownLatch(1);
  private volatile boolean agentExpected;

  private Machine(Sandbox sandbox, WorkDirs.WorkDir dir, SandboxSpec spec, InputStream stdin, OutputSink sink)
      throws IOException {
    this.sandbox = sandbox;
    this.ownNetwork = !spec.network();
    this.dir = dir;
    this.limits = spec.limits();
    this.init = sandbox.start(spec, stdin, (stream, line) -> {
      synchronized (tail) {
        tail.addLast(line);
        if (tail.size() > TAIL_LINES) {
          tail.removeFirst();
        }
      }
      sink.line(stream, line);
    });
  }

  /**
   * Starts a machine whose init runs {@code command} (argv in the image) as {@code user} in
   * {@code workdir} with exactly {@code env}, reading {@code stdin} (null: none), within
   * {@code limits}; with {@code ownNetwork}, in a network namespace of its own whose only link
   * is loopback (reached from the host through {@link #publish}), else on the host's network.
   */
  public static Machine start(Sandbox sandbox, WorkDirs workDirs, List<Path> lowersTopFirst,
      List<String> command, Map<String, String> env, ImageUser user, String workdir,
      ResourceLimits limits, InputStream stdin, OutputSink sink, boolean ownNetwork) throws IOException {
    WorkDirs.WorkDir dir = workDirs.create("machine");
    try {
      Path upper = Files.createDirectory(dir.path().resolve("upper"));
      Path work = Files.createDirectory(dir.path().resolve("work"));
      Path merged = Files.createDirectory(dir.path().resolve("merged"));
      SandboxSpec spec = new SandboxSpec(lowersTopFirst, upper, work, merged, command, env,
          user.uid() == 0 ? null : user.uid(), user.gid(), workdir, !ownNetwork, limits);
      return new Machine(sandbox, dir, spec, stdin, sink);
    } catch (IOException | RuntimeException e) {
      dir.close();
      throw e;
    }
  }

  /** The host pid of the machine's init, waiting briefly for it to exist; -1 if it ended. */
  public long initPid() throws InterruptedException {
    for (int i = 0; i < 400; i++) {
      long pid = init.initPid();
      if (pid > 0 || !init.isAlive()) {
        return pid;
      }
      Thread.sleep(5);
    }
    return -1;
  }

  /** The host pid of the machine's outermost sandbox process: killing it ends the whole machine. */
  public long hostPid() {
    return init.hostPid();
  }

  /** True when the machine has a network namespace of its own (else it shares the host's). */
  public boolean ownNetwork() {
    return ownNetwork;
  }

  /**
   * Forwards 127.0.0.1:{@code hostPort} on the host (0: a free one) to {@code port} in the
   * machine's own network; call on the thread that holds the machine.
   *
   * @return the host port
   */
  public synchronized int publish(int hostPort, int port) throws IOException {
    return forwards().publish(hostPort, port);
  }

  /** A host loopback port that reaches {@code port} in the machine's own network, for its ready checks. */
  synchronized int probePort(int port) throws IOException {
    return forwards().probePort(port);
  }

  /**
   * Closes the ports {@link #probePort} made, once the ready check is done; with nothing
   * published, the relay into the machine ends too, so a machine keeps no listener nor process
   * for a check that is over.
   */
  synchronized void endProbes() {
    if (forwards != null && forwards.closeProbes()) {
      forwards.close();
      forwards = null;
    }
  }

  private PortForwards forwards() throws IOException {
    if (!ownNetwork) {
      throw new IOException("the machine shares the host's network: its ports are the host's");
    }
    if (closed.get()) {
      throw new IOException("the machine is not running");
    }
    if (forwards == null) {
      try {
        forwards = PortForwards.start(sandbox.intoNetwork(initPid()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while the machine started");
      }
    }
    return forwards;
  }

  /**
   * Starts the machine's exec agent, so that its commands start with one fork and one exec
   * instead of a chain of processes (see {@link ExecAgent}); without one (no perl on the host,
   * or it failed to start) they are entered as before. Call on the thread that holds the
   * machine, once it is ready: the agent does not wait for the machine's root.
   */
  public synchronized void startAgent() {
    try {
      if (agent == null && !closed.get()) {
        agent = sandbox.startAgent(init).orElse(null);
      }
    } catch (IOException e) {
      // The machine ended, or the agent could not start: commands are entered.
    } finally {
      agentStarted.countDown();
    }
  }

  /**
   * Says that {@link #startAgent} follows on the holding thread: commands sent until then wait
   * for the agent instead of entering (its start is not made part of the machine's ready time).
   */
  public void expectAgent() {
    agentExpected = true;
  }

  /** Waits until the exec agent is up, for at most as long as a command would wait for it. */
  public void awaitAgent() throws InterruptedException {
    agent();
  }

  /** The exec agent once up (waiting for one expected or starting), or null: commands are entered. */
  private ExecAgent agent() throws InterruptedException {
    if (agentExpected && !agentStarted.await(AGENT_START_MILLIS, TimeUnit.MILLISECONDS)) {
      return null;
    }
    ExecAgent a = agent;
    return a != null && a.isUp(AGENT_START_MILLIS) ? a : null;
  }

  public boolean isAlive() {
    return init.isAlive();
  }

  /** The init's exit code once it has ended (blocks until then). */
  public int exitCode() throws InterruptedException {
    return init.waitFor();
  }

  /** Why the machine is not held to its limits (the end of a sentence), or empty when it is. */
  public java.util.Optional<String> unenforced() {
    return init.unenforced();
  }

  /** Processes in the machine the kernel killed because it was out of memory, so far. */
  public long oomKills() {
    return init.oomKills();
  }

  /**
   * {@code the machine ran out of its 64 MB of memory} when the kernel killed a process in it
   * for want of memory, else empty.
   */
  public java.util.Optional<String> outOfMemory() {
    return init.oomKills() > 0 ? java.util.Optional.of(limits.outOfMemory("the machine")) : java.util.Optional.empty();
  }

  /** The last lines the start command printed. */
  public String outputTail() {
    synchronized (tail) {
      return String.join("\n", tail);
    }
  }

  /**
   * Runs {@code command} (argv) inside the machine and waits for it.
   *
   * @param timeoutMillis how long to wait; 0 for no limit. On timeout the command is killed
   *                      and -1 returned.
   */
  public int exec(List<String> command, Map<String, String> env, ImageUser user,
      OutputSink sink, long timeoutMillis) throws IOException, InterruptedException {
    return exec(command, env, user, null, sink, timeoutMillis);
  }

  /** As {@link #exec(List, Map, ImageUser, OutputSink, long)}, the command reading {@code stdin} (null: none). */
  public int exec(List<String> command, Map<String, String> env, ImageUser user, InputStream stdin,
      OutputSink sink, long timeoutMillis) throws IOException, InterruptedException {
    if (initPid() <= 0) {
      throw new IOException("the machine is not running");
    }
    Integer uid = user.uid() == 0 ? null : user.uid();
    ExecAgent a = agent();
    if (a != null) {
      return a.exec(command, env, uid, user.gid(), stdin, sink, timeoutMillis);
    }
    SandboxProcess p = sandbox.enter(init, command, env, uid, user.gid(), stdin, sink);
    try {
      if (timeoutMillis > 0 && !p.waitFor(timeoutMillis)) {
        p.kill();
        return -1;
      }
      return p.waitFor();
    } finally {
      p.close();
    }
  }

  /**
   * Kills every process of the machine and deletes its files. Only the first call does so: a
   * runtime closed on Ctrl+C closes machines their own thread closes too.
   */
  @Override
  public void close() throws IOException {
    if (closed.getAndSet(true)) {
      return;
    }
    agentStarted.countDown();
    synchronized (this) {
      if (forwards != null) {
        forwards.close();
      }
      if (agent != null) {
        agent.close();
      }
    }
    try {
      init.kill();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      dir.close();
    }
  }
}
