package dev.templatestudio.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.embedded.BusyboxFixture;
import dev.templatestudio.bridge.embedded.bench.BusyboxImage;
import dev.templatestudio.bridge.embedded.layer.HostRequirements;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.server.UnixRelay;
import dev.templatestudio.bridge.testing.ProcessArgs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The thin client (issue 16): {@code build} and {@code run} run in the local engine, the daemon
 * the first such command starts, with the client's folder, environment, stdin and outputs; exit
 * codes and Ctrl+C as in a process of their own; what the engine declines runs in the client.
 * Each CLI call is its own process (the client's main class, as the launcher runs it); the
 * daemon is ended after each test.
 */
class EngineClientCliTest {
  @TempDir Path tmp;
  Path store;
  Path ctx;
  String marker = "engine-" + UUID.randomUUID();
  Process running;

  @BeforeEach
  void seedStore() throws Exception {
    BusyboxFixture.require();
    HostRequirements.requireRoot("the sandbox mounts overlayfs");
    store = tmp.resolve("store");
    BusyboxImage.seed(Store.open(store), tmp);
    ctx = Files.createDirectories(tmp.resolve("ctx"));
    Files.writeString(ctx.resolve("app.txt"), "from the context\n");
    Files.writeString(ctx.resolve("tok.txt"), "from-a-file\n");
    // The step checks both secrets: a wrong folder or environment fails the build.
    Files.writeString(ctx.resolve("t.template.json"), """
        {"schema": "template-studio/v1", "name": "eng", "base": {"template": "busybox"},
         "secrets": ["TOK", "OTHER"],
         "steps": [{"type": "copy", "sources": ["app.txt"], "dest": "/app.txt"},
                   {"type": "run", "command": "test \\"$TOK\\" = from-a-file && test \\"$OTHER\\" = from-env", "force": true}]}
        """);
  }

  @AfterEach
  void stopDaemons() throws Exception {
    if (running != null) {
      running.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    EngineProcesses.stopDaemons(store);
  }

  private record Ran(int exit, String out, String err) {}

  private ProcessBuilder client(Map<String, String> env, String... args) {
    List<String> all = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.templatestudio.app.cli.EngineClient"));
    List<String> given = new ArrayList<>(List.of(args));
    int dashes = given.indexOf("--");
    given.addAll(dashes < 0 ? given.size() : dashes, List.of("--store", store.toString()));
    all.addAll(given);
    ProcessBuilder b = new ProcessBuilder(all).directory(ctx.toFile());
    b.environment().remove(EngineClient.NO_DAEMON);
    b.environment().remove("OTHER");
    b.environment().putAll(env);
    return b;
  }

  private Ran cli(Map<String, String> env, String stdin, String... args) throws Exception {
    Path in = Files.writeString(tmp.resolve("stdin-" + UUID.randomUUID()), stdin == null ? "" : stdin);
    Path out = tmp.resolve("out-" + UUID.randomUUID());
    Path err = tmp.resolve("err-" + UUID.randomUUID());
    Process p = client(env, args).redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try {
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", args)).isTrue();
      return new Ran(p.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      p.destroyForcibly();
    }
  }

  private void awaitEngine() throws InterruptedException {
    Path socket = EngineFrames.socket(store);
    for (long until = System.currentTimeMillis() + 60_000; !UnixRelay.answers(socket); ) {
      assertThat(System.currentTimeMillis()).as("the engine answers within 60 s").isLessThan(until);
      Thread.sleep(100);
    }
  }

  @Test
  void buildAndRunGoToTheEngineWithTheClientsFolderEnvironmentAndStdin() throws Exception {
    Map<String, String> env = Map.of("OTHER", "from-env");
    String[] build = {"build", "t.template.json", "--secret", "TOK=file:tok.txt", "--secret", "OTHER"};
    Ran first = cli(env, null, build);
    assertThat(first.exit).as(first.err).isZero();
    assertThat(first.out).contains("eng@sha256:");
    awaitEngine();
    ProcessHandle engine = EngineProcesses.daemons(store).get(0);

    // The engine was started by a client whose OTHER was set: unset here, the build must fail as in a process of its own.
    Ran unset = cli(Map.of(), null, build);
    assertThat(unset.exit).isEqualTo(1);
    assertThat(unset.err).isEqualTo("template-studio: --secret OTHER: the environment variable OTHER is not set\n");
    Ran again = cli(env, null, build);
    assertThat(again.exit).as(again.err).isZero();
    assertThat(again.out).contains("CACHED").contains("eng@sha256:");
    // A relative path argument is named as given, as in a process of its own.
    Ran bad = cli(env, null, "build", "missing.template.json");
    assertThat(bad.exit).isEqualTo(1);
    Ran alone = cli(env, null, "build", "missing.template.json", "--no-daemon");
    assertThat(bad.err).isEqualTo(alone.err).contains("missing.template.json").doesNotContain(ctx.toString()).hasLineCount(1);
    Ran badContext = cli(env, null, "build", "t.template.json", "--context", "no-such-dir");
    assertThat(badContext.err).isEqualTo(cli(env, null, "build", "t.template.json", "--context", "no-such-dir", "--no-daemon").err)
        .isEqualTo("template-studio: --context no-such-dir is not a folder\n");

    Ran run = cli(env, "typed\n", "run", "eng", "--", "/bin/sh", "-c", "cat /app.txt; read l; echo $l; echo oops >&2; exit 4");
    assertThat(run.exit).isEqualTo(4);
    assertThat(run.out).isEqualTo("from the context\ntyped\n");
    assertThat(run.err).isEqualTo("oops\n");
    assertThat(EngineProcesses.daemons(store)).as("one engine answered every command").containsExactly(engine);

    // The machine of a run through the engine is the engine's child, not the client's.
    running = client(env, "run", "eng", "--", "/bin/sh", "-c", "sleep 300; echo " + marker)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    ProcessHandle sleeper = EngineProcesses.awaitShell(marker, running.pid());
    assertThat(EngineProcesses.isAncestor(engine, sleeper)).isTrue();
    assertThat(EngineProcesses.isAncestor(running.toHandle(), sleeper)).isFalse();
    Thread.sleep(500);
    new ProcessBuilder("kill", "-INT", Long.toString(running.pid())).start().waitFor();
    assertThat(running.waitFor(60, TimeUnit.SECONDS)).as("the client ends after Ctrl+C").isTrue();
    assertThat(running.exitValue()).isEqualTo(130);
    assertThat(ProcessArgs.anyContains(marker)).as("Ctrl+C stopped the machine in the engine").isFalse();
    assertThat(EngineProcesses.machineDirs(store)).isEmpty();
    assertThat(engine.isAlive()).isTrue();
  }

  @Test
  void whatTheEngineDeclinesAndNoDaemonRunInTheClient() throws Exception {
    Map<String, String> env = Map.of("OTHER", "from-env");
    Ran optedOut = cli(Map.of(EngineClient.NO_DAEMON, "1", "OTHER", "from-env"), null,
        "build", "t.template.json", "--secret", "TOK=file:tok.txt", "--secret", "OTHER");
    assertThat(optedOut.exit).as(optedOut.err).isZero();
    Ran flag = cli(env, null, "run", "eng", "--no-daemon", "--", "cat", "/app.txt");
    assertThat(flag.exit).as(flag.err).isZero();
    assertThat(flag.out).isEqualTo("from the context\n");
    assertThat(EngineProcesses.daemons(store)).as("no engine is started for a command that opts out").isEmpty();

    // Another runtime is never the engine's: the client runs it (and fails as it would).
    Ran docker = cli(env, null, "run", "eng", "--runtime", "docker:tcp://127.0.0.1:1", "--", "true");
    assertThat(docker.exit).isEqualTo(1);
    assertThat(EngineProcesses.daemons(store)).as("nor for one the engine would decline").isEmpty();
  }

  @Test
  void theEngineAndACommandInItsOwnProcessBuildOnOneStoreAtOnce() throws Exception {
    Map<String, String> env = Map.of("OTHER", "from-env");
    Ran first = cli(env, null, "build", "t.template.json", "--secret", "TOK=file:tok.txt", "--secret", "OTHER");
    assertThat(first.exit).as(first.err).isZero();
    awaitEngine();
    for (String name : List.of("one", "two")) {
      Files.writeString(ctx.resolve(name + ".template.json"), """
          {"schema": "template-studio/v1", "name": "%s", "base": {"template": "busybox"},
           "steps": [{"type": "run", "command": "sleep 1; echo %s > /which"}]}
          """.formatted(name, name));
    }
    Process inEngine = client(env, "build", "one.template.json").redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    Process alone = client(env, "build", "two.template.json", "--no-daemon").redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      assertThat(inEngine.waitFor(120, TimeUnit.SECONDS) && alone.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(inEngine.exitValue()).isZero();
      assertThat(alone.exitValue()).isZero();
    } finally {
      inEngine.destroyForcibly();
      alone.destroyForcibly();
    }
    assertThat(cli(env, null, "run", "one", "--", "cat", "/which").out).isEqualTo("one\n");
    assertThat(cli(env, null, "run", "two", "--no-daemon", "--", "cat", "/which").out).isEqualTo("two\n");
  }
}
