package dev.templatestudio.bridge.embedded.machine;

import dev.templatestudio.bridge.embedded.step.ImageUser;
import dev.templatestudio.bridge.plan.StepFailure;
import dev.templatestudio.bridge.ready.ReadyLoop;
import dev.templatestudio.bridge.ready.ReadyWords;
import dev.templatestudio.bridge.template.Ready;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The embedded runtime's {@link ReadyLoop.Probe}: looks at a {@link Machine} from the host
 * (the sockets of its own network namespace, or the host's loopback for a machine on the host's
 * network; its root through {@code /proc/PID/root}; its pid namespace) and runs command checks
 * inside it. The loop polls after 2 ms, doubling to every 50 ms. Runs on the calling thread.
 */
public final class ReadyWaiter implements ReadyLoop.Probe {
  private static final long POLL_MILLIS = 50;
  /** The first wait: a port, file or process check reads /proc, which costs next to nothing. */
  private static final long FIRST_POLL_MILLIS = 2;
  /** Short timeouts: a probe that hangs only delays the next one. No redirects: the status is the answer. */
  private static final okhttp3.OkHttpClient HTTP = new okhttp3.OkHttpClient.Builder()
      .connectTimeout(java.time.Duration.ofMillis(500))
      .readTimeout(java.time.Duration.ofSeconds(2))
      .followRedirects(false)
      .retryOnConnectionFailure(false)
      .build();
  private final Machine machine;
  private final Map<String, String> env;
  private final ImageUser user;

  private ReadyWaiter(Machine machine, Map<String, String> env, ImageUser user) {
    this.machine = machine;
    this.env = env;
    this.user = user;
  }

  /**
   * Blocks until {@code machine} is ready; returns the {@code ready} event's message.
   *
   * @throws StepFailure when it is not ready in time or its start command ended
   * @throws InterruptedException when {@code cancelled} turns true
   */
  public static String await(Machine machine, Ready ready, Map<String, String> env,
      ImageUser user, BooleanSupplier cancelled) throws StepFailure, IOException, InterruptedException {
    try {
      return ReadyLoop.await(ready, new ReadyWaiter(machine, env, user), FIRST_POLL_MILLIS, POLL_MILLIS, cancelled);
    } finally {
      machine.endProbes();
    }
  }

  @Override
  public void failIfEnded() throws StepFailure, InterruptedException {
    failIfEnded(machine, "before it was ready");
  }

  @Override
  public int urlStatus(Ready.Url url) {
    if (!machine.ownNetwork()) {
      return urlStatusOf(url.url(), null);
    }
    // The URL names the machine's own loopback: asked through a forwarded host port, with
    // the Host header the URL gives.
    okhttp3.HttpUrl parsed = okhttp3.HttpUrl.parse(url.url());
    if (parsed == null) {
      return ReadyWords.NO_ANSWER;
    }
    try {
      int hostPort = machine.probePort(parsed.port());
      String host = parsed.host() + (parsed.port() == okhttp3.HttpUrl.defaultPort(parsed.scheme()) ? "" : ":" + parsed.port());
      return urlStatusOf(parsed.newBuilder().host("127.0.0.1").port(hostPort).build().toString(), host);
    } catch (IOException e) {
      return ReadyWords.NO_ANSWER;
    }
  }

  @Override
  public boolean passes(Ready ready) throws IOException, InterruptedException {
    return check(machine, ready, env, user);
  }

  @Override
  public String outputTail() {
    return machine.outputTail();
  }

  private static void failIfEnded(Machine machine, String when) throws StepFailure, InterruptedException {
    if (!machine.isAlive()) {
      int code = machine.exitCode();
      String tail = machine.outputTail();
      String exited = "the start command exited with code " + code;
      String sentence = machine.outOfMemory().map(m -> m + " " + when + " (" + exited + ")").orElse(exited + " " + when);
      throw new StepFailure(sentence + (tail.isEmpty() ? "" : ":\n" + tail));
    }
  }

  /** Whether a port, file, process or command check passes now. */
  static boolean check(Machine machine, Ready ready, Map<String, String> env, ImageUser user)
      throws IOException, InterruptedException {
    if (ready instanceof Ready.Port && machine.ownNetwork()) {
      return Listening.on(machine.initPid(), ((Ready.Port) ready).port());
    }
    if (ready instanceof Ready.Port) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", ((Ready.Port) ready).port()), 200);
        return true;
      } catch (IOException e) {
        return false;
      }
    }
    if (ready instanceof Ready.File) {
      long pid = machine.initPid();
      return pid > 0 && Files.exists(Path.of("/proc/" + pid + "/root").resolve(
          ((Ready.File) ready).path().replaceFirst("^/+", "")));
    }
    if (ready instanceof Ready.Process) {
      return processRuns(machine.initPid(), ((Ready.Process) ready).name());
    }
    if (ready instanceof Ready.Command) {
      return machine.exec(List.of("/bin/sh", "-c", ((Ready.Command) ready).command()), env, user,
          (s, l) -> { }, 10_000) == 0;
    }
    return false;
  }

  /** The HTTP status {@code url} answers with, or {@link ReadyWords#NO_ANSWER}. */
  private static int urlStatusOf(String url, String hostHeader) {
    okhttp3.Request request;
    try {
      okhttp3.Request.Builder b = new okhttp3.Request.Builder().url(url).get();
      if (hostHeader != null) {
        b.header("Host", hostHeader);
      }
      request = b.build();
    } catch (IllegalArgumentException e) {
      return ReadyWords.NO_ANSWER;
    }
    try (okhttp3.Response response = HTTP.newCall(request).execute()) {
      return response.code();
    } catch (IOException e) {
      return ReadyWords.NO_ANSWER;
    }
  }

  /** True when a process called {@code name} runs in the pid namespace of {@code initPid}. */
  static boolean processRuns(long initPid, String name) {
    if (initPid <= 0) {
      return false;
    }
    try {
      Path ns = Files.readSymbolicLink(Path.of("/proc/" + initPid + "/ns/pid"));
      try (var procs = Files.list(Path.of("/proc"))) {
        return procs.filter(p -> p.getFileName().toString().matches("\\d+")).anyMatch(p -> {
          try {
            if (!Files.readSymbolicLink(p.resolve("ns/pid")).equals(ns)) {
              return false;
            }
            String comm = Files.readString(p.resolve("comm")).trim();
            String cmdline = Files.readString(p.resolve("cmdline"));
            String argv0 = cmdline.split("\0", 2)[0];
            String base = argv0.substring(argv0.lastIndexOf('/') + 1);
            return comm.equals(name) || base.equals(name);
          } catch (IOException e) {
            return false;
          }
        });
      }
    } catch (IOException e) {
      return false;
    }
  }
}
