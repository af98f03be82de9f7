package dev.templatestudio.bridge.embedded.sandbox;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A machine's resident exec agent ({@link AgentScript}): started once, it runs each command sent
 * to it with one fork and one exec inside the machine, where {@link Sandbox#enter} starts a chain
 * of about eight processes (each a wait for a CPU on a busy host). Its commands are in the
 * machine's namespaces, cgroup and root, with its capabilities and exactly their env, as
 * entered ones are. Output arrives in frames on one reader thread, split into lines as a
 * sandbox's own output is. When the agent is gone (the machine ended), commands in flight fail
 * and {@link #isUp} turns false. Thread-safe.
 */
public final class ExecAgent implements AutoCloseable {
  private static final int MAX_HEAD = 64;
  /** The agent reads at most this much at a time; more is not the agent speaking. */
  private static final int MAX_FRAME = 65536;
  private final Process process;
  private final RootEntry entry;
  private final String workdir;
  private final OutputStream to;
  private final Map<Integer, Session> sessions = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final CountDownLatch up = new CountDownLatch(1);
  private volatile boolean gone;

  private ExecAgent(Process process, RootEntry entry, String workdir) {
    this.process = process;
    this.entry = entry;
    this.workdir = workdir;
    this.to = process.getOutputStream();
    Thread reader = new Thread(this::read, "exec-agent-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code command} (the agent's full command line) with no env of its own; stderr is
   * dropped. Its commands run in {@code workdir} (null: /); {@code entry} enters as another user.
   */
  static ExecAgent start(List<String> command, RootEntry entry, String workdir) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().clear();
    Process process = pb.start();
    try {
      // The program, up to its __END__; requests follow once it has said it is up.
      OutputStream program = process.getOutputStream();
      String script = AgentScript.PERL.replace("PRCTL", Integer.toString(AgentScript.PRCTL));
      program.write((script + "\n__END__\n").getBytes(StandardCharsets.UTF_8));
      program.flush();
    } catch (IOException e) {
      process.destroyForcibly();
      throw e;
    }
    return new ExecAgent(process, entry, workdir);
  }

  /** True once the agent has said it is up, waiting up to {@code millis} for that; false when it is gone. */
  public boolean isUp(long millis) throws InterruptedException {
    return up.await(millis, TimeUnit.MILLISECONDS) && !gone;
  }

  /**
   * Runs {@code command} (argv) in the machine's root and working dir, as {@code uid:gid} when
   * given (null: root), with exactly {@code env}, reading {@code stdin} (null: none), and waits for it.
   *
   * @param timeoutMillis 0 for no limit; on timeout the command is killed and -1 returned
   * @throws IOException when the agent is gone (the machine ended)
   */
  public int exec(List<String> command, Map<String, String> env, Integer uid, Integer gid, InputStream stdin,
      OutputSink sink, long timeoutMillis) throws IOException, InterruptedException {
    // The agent's children become root only; another user is set by the entering tool, run
    // from the host's root where the agent stands.
    boolean hostRoot = uid != null;
    List<String> argv = hostRoot ? entry.intoRoot(workdir, uid, gid, command) : command;
    int id = ids.incrementAndGet();
    Session session = new Session(sink);
    sessions.put(id, session);
    try {
      List<String> fields = new ArrayList<>(List.of(hostRoot ? "h" : "r", stdin == null ? "0" : "1",
          workdir == null ? "/" : workdir, Integer.toString(env.size())));
      env.forEach((k, v) -> fields.add(k + "=" + v));
      fields.addAll(argv);
      send('x', id, String.join("\0", fields).getBytes(StandardCharsets.UTF_8));
      if (stdin != null) {
        feed(id, stdin);
      }
      boolean ended = timeoutMillis > 0 ? session.ended.await(timeoutMillis, TimeUnit.MILLISECONDS) : await(session);
      if (!ended) {
        kill(id);
        return -1;
      }
      if (session.code == null) {
        throw new IOException("the machine's exec agent ended before the command did (the machine stopped, "
            + "or a process in it killed the agent)");
      }
      return session.code;
    } catch (InterruptedException e) {
      kill(id);
      throw e;
    } finally {
      sessions.remove(id);
    }
  }

  private static boolean await(Session session) throws InterruptedException {
    session.ended.await();
    return true;
  }

  /** Sends the command's input on a daemon thread, then its end (a terminal's stdin may block it forever). */
  private void feed(int id, InputStream stdin) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[32 * 1024];
      try {
        int n;
        while ((n = stdin.read(buffer)) != -1 && sessions.containsKey(id)) {
          send('i', id, java.util.Arrays.copyOf(buffer, n));
        }
        send('c', id, null);
      } catch (IOException e) {
        // The agent is gone, or the input broke: the command sees its input end.
        try {
          send('c', id, null);
        } catch (IOException ignored) {
          // Gone: nothing to end.
        }
      }
    }, "exec-agent-stdin");
    t.setDaemon(true);
    t.start();
  }

  private void kill(int id) {
    try {
      send('k', id, null);
    } catch (IOException e) {
      // Gone: so is the command.
    }
  }

  private void send(char type, int id, byte[] payload) throws IOException {
    if (gone) {
      throw new IOException("the machine is not running");
    }
    String head = type + " " + id + (payload == null ? "" : " " + payload.length) + "\n";
    synchronized (to) {
      to.write(head.getBytes(StandardCharsets.US_ASCII));
      if (payload != null) {
        to.write(payload);
      }
      to.flush();
    }
  }

  private void read() {
    try (InputStream in = new BufferedInputStream(process.getInputStream())) {
      String head;
      while ((head = head(in)) != null) {
        String[] f = head.split(" ");
        if (f.length < 2) {
          break;
        }
        if (f[0].equals("r")) {
          up.countDown();
          continue;
        }
        Session s = sessions.get(Integer.parseInt(f[1]));
        if (f[0].equals("x")) {
          if (s != null) {
            s.end(Integer.parseInt(f[2]));
          }
          continue;
        }
        int length = Integer.parseInt(f[2]);
        if (length < 0 || length > MAX_FRAME) {
          break;
        }
        byte[] bytes = in.readNBytes(length);
        if (s != null) {
          (f[0].equals("o") ? s.out : s.err).add(bytes);
        }
      }
    } catch (IOException | RuntimeException e) {
      // The agent ended or said something it does not say: it is of no more use.
    } finally {
      gone = true;
      up.countDown();
      sessions.values().forEach(s -> s.end(null));
    }
  }

  /** One header line, or null at the end. */
  private static String head(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1 && b != '\n') {
      if (line.size() == MAX_HEAD) {
        throw new IOException("header too long");
      }
      line.write(b);
    }
    return b == -1 ? null : line.toString(StandardCharsets.US_ASCII);
  }

  /** Ends the agent and what it still runs (it kills them when its input ends). */
  @Override
  public void close() {
    try {
      to.close();
    } catch (IOException e) {
      // Gone already.
    }
    process.destroyForcibly();
  }

  private static final class Session {
    final CountDownLatch ended = new CountDownLatch(1);
    final LineSplitter out;
    final LineSplitter err;
    volatile Integer code;

    Session(OutputSink sink) {
      this.out = new LineSplitter(line -> sink.line("stdout", line));
      this.err = new LineSplitter(line -> sink.line("stderr", line));
    }

    /** Called once its outputs are closed: their last unfinished lines go out first. */
    void end(Integer exit) {
      if (ended.getCount() == 0) {
        return;
      }
      out.finish();
      err.finish();
      code = exit;
      ended.countDown();
    }
  }
}
