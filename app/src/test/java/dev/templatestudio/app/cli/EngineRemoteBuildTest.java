package dev.templatestudio.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.embedded.BusyboxFixture;
import dev.templatestudio.bridge.embedded.bench.BusyboxImage;
import dev.templatestudio.bridge.embedded.layer.HostRequirements;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.server.UnixRelay;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build on a remote runtime ({@code --runtime http://…}, a real {@code serve} on loopback, its
 * own process) run by the local engine for its client (issue 16): the same events, output and
 * exit codes as the same build in a process of its own; the token and the hash memo's folder
 * from the client's environment, not the engine's; Ctrl+C cancels the build on the server; what
 * the engine still declines (a remote run, other JVM options) runs in the client and works. The
 * engine is this JVM's ({@link EngineServer} over a store of its own), spoken to frame by frame.
 */
class EngineRemoteBuildTest {
  private static final Pattern SERVING = Pattern.compile(
      "template-studio: serving (http://127\\.0\\.0\\.1:\\d+) \\(store .*; token in (.*)\\)");
  @TempDir Path tmp;
  Path clientStore;
  Path ctx;
  Process serve;
  String url;
  String token;
  Path tokenFile;
  EngineServer engine;

  @BeforeEach
  void start() throws Exception {
    BusyboxFixture.require();
    HostRequirements.requireRoot("the sandbox mounts overlayfs");
    Path serverStore = tmp.resolve("server-store");
    BusyboxImage.seed(Store.open(serverStore), tmp);
    serve = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.templatestudio.app.Launcher",
        "serve", "--port", "0", "--store", serverStore.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    BufferedReader serveErr = new BufferedReader(new InputStreamReader(serve.getErrorStream(), StandardCharsets.UTF_8));
    String line = serveErr.readLine();
    Matcher m = SERVING.matcher(line == null ? "" : line);
    assertThat(m.matches()).as(line).isTrue();
    url = m.group(1);
    tokenFile = Path.of(m.group(2));
    token = Files.readString(tokenFile).strip();
    // The rest of serve's stderr is drained, so its lines never block it.
    Thread drain = new Thread(() -> serveErr.lines().forEach(l -> { }), "serve-stderr");
    drain.setDaemon(true);
    drain.start();

    clientStore = tmp.resolve("client-store");
    Store opened = Store.open(clientStore);
    Files.createDirectories(clientStore.resolve("serve"));
    engine = EngineServer.start(EngineFrames.socket(clientStore), opened, () -> false, l -> { });
    ctx = Files.createDirectories(tmp.resolve("web"));
    Files.writeString(ctx.resolve("hello.txt"), "hello\n");
    write("echo built");
  }

  @AfterEach
  void stop() throws Exception {
    if (engine != null) {
      engine.close();
    }
    if (serve != null) {
      serve.destroyForcibly();
      serve.waitFor(20, TimeUnit.SECONDS);
    }
  }

  private void write(String command) throws Exception {
    Files.writeString(ctx.resolve("web.template.json"), """
        {"schema": "template-studio/v1", "name": "web", "base": {"template": "busybox"},
         "steps": [
           {"type": "copy", "sources": ["hello.txt"], "dest": "/srv/"},
           {"type": "run", "command": "%s"}
         ]}
        """.formatted(command));
  }

  private record Answer(byte first, String firstBody, String out, String err, Integer exit) {}

  /** The client's environment: this JVM's, the token in it (never in the engine's), the hash memos under {@code cache}. */
  private Map<String, String> clientEnv(Path cache) {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("TEMPLATE_STUDIO_TOKEN", token);
    env.put("XDG_CACHE_HOME", cache.toString());
    return env;
  }

  /** Sends one request to the engine and reads its answer to the end, sending Ctrl+C once stdout so far passes {@code cancelWhen}. */
  private Answer ask(Map<String, String> env, Predicate<String> cancelWhen, String... args) throws Exception {
    try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(EngineFrames.socket(clientStore)))) {
      OutputStream out = EngineFrames.out(c);
      DataInputStream in = new DataInputStream(EngineFrames.in(c));
      EngineFrames.write(out, EngineFrames.REQUEST, new EngineFrames.Request(EngineFrames.identity(), ctx.toString(),
          System.getProperty("sun.jnu.encoding"), List.of(args), env).encode());
      EngineFrames.Frame first = EngineFrames.read(in);
      ByteArrayOutputStream stdout = new ByteArrayOutputStream();
      ByteArrayOutputStream stderr = new ByteArrayOutputStream();
      Integer exit = null;
      boolean cancelled = false;
      if (first.type() == EngineFrames.ACCEPTED) {
        EngineFrames.Frame f;
        while (exit == null && (f = EngineFrames.read(in)) != null) {
          if (f.type() == EngineFrames.STDOUT) {
            stdout.write(f.body());
            if (!cancelled && cancelWhen.test(stdout.toString(StandardCharsets.UTF_8))) {
              EngineFrames.write(out, EngineFrames.CANCEL, new byte[0]);
              cancelled = true;
            }
          } else if (f.type() == EngineFrames.STDERR) {
            stderr.write(f.body());
          } else if (f.type() == EngineFrames.EXIT) {
            exit = EngineFrames.exitCode(f.body());
          }
        }
      }
      return new Answer(first.type(), new String(first.body(), StandardCharsets.UTF_8),
          stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8), exit);
    }
  }

  private Answer ask(Map<String, String> env, String... args) throws Exception {
    return ask(env, out -> false, args);
  }

  /** The build's command line, relative to the context folder as a user in it types it. */
  private String[] build(String... more) {
    List<String> all = new ArrayList<>(List.of("build", "web.template.json", "--runtime", url,
        "--store", clientStore.toString()));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  /** The same build in this process (no engine), as a client on its own runs it: token from its file. */
  private CliRunner own(String... more) {
    List<String> all = new ArrayList<>(List.of("build", ctx.resolve("web.template.json").toString(),
        "--runtime", url, "--token-file", tokenFile.toString(), "--store", clientStore.toString()));
    all.addAll(List.of(more));
    return CliRunner.run(all.toArray(String[]::new));
  }

  /** Events with what differs from build to build (time, id, durations) taken out. */
  private static List<String> comparable(String jsonl) {
    return jsonl.lines().map(l -> l.replaceAll("\"time\":\"[^\"]*\"", "")
        .replaceAll("\"build\":\"[^\"]*\"", "").replaceAll("\"durationMs\":\\d+", "")).toList();
  }

  private static String withoutTimes(String plain) {
    return plain.replaceAll("built in [0-9.]+s", "built in Ts");
  }

  @Test
  void aRemoteBuildInTheEngineGivesWhatItGivesInItsOwnProcess() throws Exception {
    Path cache = tmp.resolve("client-cache");
    // A file changed within 2 s of its hashing is not remembered (HashMemo.RACY_NANOS): these were just written.
    Thread.sleep(2_100);
    Answer first = ask(clientEnv(cache), build("--progress", "jsonl"));
    assertThat(first.first()).as(first.firstBody()).isEqualTo(EngineFrames.ACCEPTED);
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.out()).contains("\"kind\":\"cache-miss\"");
    try (Stream<Path> memos = Files.list(cache.resolve("template-studio/context-hashes"))) {
      assertThat(memos.count()).as("the hash memo is kept in the client's cache folder").isOne();
    }

    CliRunner alone = own("--progress", "jsonl");
    assertThat(alone.exitCode()).as(alone.err()).isZero();
    Answer engine = ask(clientEnv(cache), build("--progress", "jsonl"));
    assertThat(engine.exit()).as(engine.err()).isZero();
    assertThat(engine.err()).isEqualTo(alone.err());
    assertThat(comparable(engine.out())).isEqualTo(comparable(alone.out()));
    assertThat(engine.out().lines().filter(l -> l.contains("\"kind\":\"cache-hit\""))).hasSize(3);

    CliRunner plainAlone = own();
    Answer plain = ask(clientEnv(cache), build());
    assertThat(plain.exit()).isZero();
    assertThat(withoutTimes(plain.out())).isEqualTo(withoutTimes(plainAlone.out()));
    assertThat(plain.out().lines().reduce((a, b) -> b).orElseThrow()).matches("web@sha256:[0-9a-f]{64}");

    // --token-file relative to the client's folder, no token in its environment.
    Files.copy(tokenFile, tmp.resolve("token"));
    Map<String, String> noToken = clientEnv(cache);
    noToken.remove("TEMPLATE_STUDIO_TOKEN");
    Answer byFile = ask(noToken, build("--token-file", "../token"));
    assertThat(byFile.exit()).as(byFile.err()).isZero();
    assertThat(withoutTimes(byFile.out())).isEqualTo(withoutTimes(plain.out()));
  }

  @Test
  void aFailingRemoteBuildEndsAsInItsOwnProcessAndABadTokenIsNamed() throws Exception {
    write("echo oops >&2; exit 3");
    Answer failed = ask(clientEnv(tmp.resolve("cache")), build());
    assertThat(failed.exit()).isEqualTo(1);
    assertThat(failed.err()).isEqualTo("template-studio: the build on " + url + " failed: step 2 "
        + "(RUN echo oops >&2; exit 3) failed with exit code 3: oops\n");
    CliRunner alone = own();
    assertThat(alone.exitCode()).isEqualTo(1);
    assertThat(alone.err()).isEqualTo(failed.err());

    Map<String, String> wrong = clientEnv(tmp.resolve("cache"));
    wrong.put("TEMPLATE_STUDIO_TOKEN", "not-the-token");
    Answer refused = ask(wrong, build());
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).startsWith("template-studio: the server " + url + " refused the token;")
        .hasLineCount(1);
    Map<String, String> hostile = clientEnv(tmp.resolve("cache"));
    hostile.put("TEMPLATE_STUDIO_TOKEN", "two words\u0001");
    Answer bad = ask(hostile, build());
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.err()).contains("TEMPLATE_STUDIO_TOKEN").doesNotContain("Exception").hasLineCount(1);
  }

  @Test
  void ctrlCOnTheClientCancelsTheBuildOnTheServer() throws Exception {
    write("echo started; exec sleep 347");
    Answer cancelled = ask(clientEnv(tmp.resolve("cache")), out -> out.contains("#2 started"), build());
    assertThat(cancelled.exit()).isEqualTo(130);
    long deadline = System.currentTimeMillis() + 15_000;
    while (sleepers() > 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    assertThat(sleepers()).as("the step's process on the server is gone").isZero();
  }

  private static long sleepers() {
    return ProcessHandle.allProcesses().filter(p -> CtrlCRunTest.argvIs(p, "sleep", "347")).count();
  }

  @Test
  void whatTheEngineStillDeclinesRunsInTheClientAndWorks() throws Exception {
    Map<String, String> env = clientEnv(tmp.resolve("cache"));
    assertThat(ask(env, "run", "web", "--runtime", url, "--store", clientStore.toString(), "--", "true").firstBody())
        .isEqualTo("runtime " + url);
    assertThat(ask(env, build("--cache-to", "registry:127.0.0.1:1/x")).firstBody())
        .isEqualTo("not a build or run the engine takes");
    Map<String, String> options = new HashMap<>(env);
    options.put("JAVA_TOOL_OPTIONS", "-Dhttp.proxyHost=127.0.0.1");
    assertThat(ask(options, build()).firstBody()).isEqualTo("another JAVA_TOOL_OPTIONS for a remote build");
    Map<String, String> launcher = new HashMap<>(env);
    launcher.put("TEMPLATE_STUDIO_JAVA_OPTS", "-Dhttps.proxyHost=127.0.0.1");
    assertThat(ask(launcher, build()).firstBody()).isEqualTo("another TEMPLATE_STUDIO_JAVA_OPTS for a remote build");

    // The thin client, a process of its own, declined by this engine for that variable, builds it itself.
    assertThat(lastLineOfClient(launcher, build())).matches("web@sha256:[0-9a-f]{64}");
  }

  @Test
  void aRemoteBuildFromAClientWithNoEngineStartsOneForTheNext() throws Exception {
    Path fresh = tmp.resolve("fresh-store");
    try {
      assertThat(lastLineOfClient(clientEnv(tmp.resolve("cache")), "build", "web.template.json", "--runtime", url,
          "--store", fresh.toString())).matches("web@sha256:[0-9a-f]{64}");
      Path socket = EngineFrames.socket(fresh);
      for (long until = System.currentTimeMillis() + 60_000; !UnixRelay.answers(socket); Thread.sleep(100)) {
        assertThat(System.currentTimeMillis()).as("the engine answers within 60 s").isLessThan(until);
      }
    } finally {
      EngineProcesses.stopDaemons(fresh);
    }
  }

  /** Runs the thin client as a process of its own in the context folder; its last line, once it exited 0. */
  private String lastLineOfClient(Map<String, String> env, String... args) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.templatestudio.app.cli.EngineClient")
        .directory(ctx.toFile()).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.command().addAll(List.of(args));
    pb.environment().putAll(env);
    pb.environment().remove(EngineClient.NO_DAEMON);
    Process client = pb.start();
    String output;
    try {
      output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(client.waitFor(120, TimeUnit.SECONDS)).isTrue();
    } finally {
      client.destroyForcibly();
    }
    assertThat(client.exitValue()).as(output).isZero();
    return output.lines().reduce((a, b) -> b).orElseThrow();
  }
}
