package dev.templatestudio.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.embedded.BusyboxFixture;
import dev.templatestudio.bridge.embedded.bench.BusyboxImage;
import dev.templatestudio.bridge.embedded.layer.HostRequirements;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.testing.ProcessArgs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The machine and pool commands without {@code --runtime} (issue 14): they find the local daemon
 * on the store's unix socket, starting it detached when none answers; machines outlive the
 * commands, die with the daemon, and a daemon started again has none. Bad input is one
 * sentence each: unknown ref, exec into a removed machine, a pool larger than the machine can
 * hold, a start that never gets ready (a machine fails with the check's last answer, a pool
 * backs off). Each CLI call is its own process; the daemon is ended after each test.
 */
class LocalDaemonCliTest {
  @TempDir Path tmp;
  Path store;
  Path socket;
  String marker = "daemon-machine-" + UUID.randomUUID();

  @BeforeEach
  void seedStore() throws Exception {
    BusyboxFixture.require();
    HostRequirements.requireRoot("the sandbox mounts overlayfs");
    store = tmp.resolve("store");
    BusyboxImage.seed(Store.open(store), tmp);
    socket = LocalDaemon.socket(store);
    Path ctx = Files.createDirectories(tmp.resolve("svc"));
    Files.writeString(ctx.resolve("svc.template.json"), """
        {"schema": "template-studio/v1", "name": "svc", "base": {"template": "busybox"},
         "steps": [{"type": "run", "command": "echo built > /built.txt"}],
         "start": {"command": "[ \\"$MODE\\" = broken ] || touch /tmp/up; echo service up; sleep 600 # %s",
                   "ready": {"type": "file", "path": "/tmp/up", "timeoutSeconds": 2}}}
        """.formatted(marker));
    Ran built = cli(null, "build", ctx.resolve("svc.template.json").toString());
    assertThat(built.exit).as(built.err).isZero();
    // Ready within 5 s of its build (so the build's own check passes), never after.
    Files.writeString(ctx.resolve("stale.template.json"), """
        {"schema": "template-studio/v1", "name": "stale", "base": {"template": "busybox"},
         "steps": [{"type": "run", "command": "date +%%s > /built_at"}],
         "start": {"command": "if [ $(date +%%s) -le $(( $(cat /built_at) + 5 )) ]; then touch /tmp/up; fi; sleep 600 # %s",
                   "ready": {"type": "file", "path": "/tmp/up", "timeoutSeconds": 1}}}
        """.formatted(marker));
  }

  @AfterEach
  void stopDaemons() throws Exception {
    for (ProcessHandle p : daemons()) {
      p.destroy();
      p.onExit().get(30, TimeUnit.SECONDS);
    }
  }

  private List<ProcessHandle> daemons() {
    return ProcessHandle.allProcesses().filter(p -> ProcessArgs.of(p.pid()).contains(socket.toString())
        && ProcessArgs.of(p.pid()).contains(" serve ")).toList();
  }

  private record Ran(int exit, String out, String err) {}

  private Ran cli(String stdin, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.templatestudio.app.Launcher"));
    List<String> given = new ArrayList<>(List.of(args));
    int dashes = given.indexOf("--");
    given.addAll(dashes < 0 ? given.size() : dashes, List.of("--store", store.toString()));
    all.addAll(given);
    Path in = tmp.resolve("stdin-" + UUID.randomUUID());
    Files.writeString(in, stdin == null ? "" : stdin);
    Path out = tmp.resolve("out-" + UUID.randomUUID());
    Path err = tmp.resolve("err-" + UUID.randomUUID());
    Process p = new ProcessBuilder(all).redirectInput(in.toFile()).redirectOutput(out.toFile())
        .redirectError(err.toFile()).start();
    try {
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", args)).isTrue();
      return new Ran(p.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void theCommandsStartTheDaemonOnceAndItsMachinesEndWithIt() throws Exception {
    assertThat(daemons()).isEmpty();
    Ran created = cli(null, "machine", "create", "svc");
    assertThat(created.exit).as(created.err).isZero();
    String id = created.out.strip();
    assertThat(id).matches("[0-9a-f]{12}");
    assertThat(Files.exists(socket)).isTrue();
    assertThat(daemons()).hasSize(1);
    ProcessHandle daemon = daemons().get(0);
    assertThat(ProcessArgs.anyContains(marker)).as("the machine runs after create exits").isTrue();
    // Its log is serve/local.log, bounded (BoundedLogTest).
    Path log = socket.resolveSibling("local.log");
    assertThat(ProcessArgs.of(daemon.pid())).contains(" --log-file " + log + " ");
    assertThat(Files.readString(log)).contains("template-studio: serving http://127.0.0.1:");

    Ran exec = cli("typed\n", "machine", "exec", id, "--", "/bin/sh", "-c", "cat /built.txt; read l; echo $l; exit 4");
    assertThat(exec.exit).isEqualTo(4);
    assertThat(exec.out).isEqualTo("built\ntyped\n");
    assertThat(cli(null, "machine", "ls").out).contains(id + "  ready");
    assertThat(daemons()).as("the same daemon answers every command").containsExactly(daemon);

    // A daemon killed outright takes its machines along; the next command starts a new one with none.
    daemon.destroyForcibly();
    daemon.onExit().get(30, TimeUnit.SECONDS);
    for (long until = System.currentTimeMillis() + 10_000; ProcessArgs.anyContains(marker)
        && System.currentTimeMillis() < until; ) {
      Thread.sleep(50);
    }
    assertThat(ProcessArgs.anyContains(marker)).as("the machines end with their holder").isFalse();
    Ran ls = cli(null, "machine", "ls");
    assertThat(ls.exit).as(ls.err).isZero();
    assertThat(ls.out.lines().count()).isEqualTo(1);
    assertThat(daemons()).hasSize(1).doesNotContain(daemon);
    Ran gone = cli(null, "machine", "exec", id, "--", "true");
    assertThat(gone.exit).isEqualTo(1);
    assertThat(gone.err).startsWith("template-studio: no machine \"" + id + "\"").hasLineCount(1);
  }

  @Test
  void aServeOfTheUsersOwnTakesTheStoreFromAnIdleDaemonButNotFromOneHoldingAMachine() throws Exception {
    Ran created = cli(null, "machine", "create", "svc");
    assertThat(created.exit).as(created.err).isZero();
    ProcessHandle daemon = daemons().get(0);

    Ran refused = cli(null, "serve", "--port", "0");
    assertThat(refused.exit).isNotZero();
    assertThat(refused.err.strip()).startsWith("template-studio: another serve is already using the store")
        .contains("it is the local daemon, which still holds machines, pools or a command").hasLineCount(1);
    assertThat(daemon.isAlive()).isTrue();

    assertThat(cli(null, "machine", "rm", created.out.strip()).exit).isZero();
    Path err = tmp.resolve("serve.err");
    Process serve = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.templatestudio.app.Launcher",
        "serve", "--port", "0", "--store", store.toString()).redirectErrorStream(true)
        .redirectOutput(err.toFile()).start();
    try {
      for (long until = System.currentTimeMillis() + 60_000; !Files.readString(err).contains("serving http://")
          && serve.isAlive() && System.currentTimeMillis() < until; ) {
        Thread.sleep(50);
      }
      assertThat(Files.readString(err)).contains("template-studio: serving http://");
      daemon.onExit().get(30, TimeUnit.SECONDS);
      assertThat(Files.readString(socket.resolveSibling("local.log")))
          .contains("engine: a serve of its own asked for the store; exiting, as nothing is held");
    } finally {
      serve.destroy();
      if (!serve.waitFor(30, TimeUnit.SECONDS)) {
        serve.destroyForcibly();
      }
    }
  }

  @Test
  void warmPoolsAreSetAgainWhenTheDaemonStartsAgain() throws Exception {
    Ran set = cli(null, "pool", "set", "svc", "--ready", "2", "--max", "3");
    assertThat(set.exit).as(set.err).isZero();
    awaitPool("svc\\s+2\\s+2\\s+0\\s+0\\s+3\\s.*");
    // Stopped (SIGTERM: its pools and machines end), then killed outright: both times the next
    // command's daemon sets the pool again, with fresh machines.
    for (boolean kill : List.of(false, true)) {
      ProcessHandle daemon = daemons().get(0);
      if (kill) {
        daemon.destroyForcibly();
      } else {
        daemon.destroy();
      }
      daemon.onExit().get(30, TimeUnit.SECONDS);
      assertThat(daemons()).isEmpty();
      awaitPool("svc\\s+2\\s+2\\s+0\\s+0\\s+3\\s.*");
      assertThat(daemons()).hasSize(1).doesNotContain(daemon);
    }
    assertThat(cli(null, "pool", "rm", "svc").exit).isZero();
    ProcessHandle daemon = daemons().get(0);
    daemon.destroy();
    daemon.onExit().get(30, TimeUnit.SECONDS);
    Ran ls = cli(null, "pool", "ls");
    assertThat(ls.exit).as(ls.err).isZero();
    assertThat(ls.out.lines().count()).as("a pool removed stays removed: " + ls.out).isEqualTo(1);
  }

  /** Waits (at most a minute) until a line of {@code pool ls} matches {@code line}. */
  private void awaitPool(String line) throws Exception {
    String ls = "";
    for (long until = System.currentTimeMillis() + 60_000; System.currentTimeMillis() < until; Thread.sleep(300)) {
      ls = cli(null, "pool", "ls").out;
      if (ls.lines().anyMatch(l -> l.matches(line))) {
        return;
      }
    }
    assertThat(ls).as("pool ls").containsPattern(line);
  }

  @Test
  void badInputIsOneSentenceEach() throws Exception {
    Ran unknown = cli(null, "machine", "create", "nosuch");
    assertThat(unknown.exit).isEqualTo(1);
    assertThat(unknown.err).startsWith("template-studio: template \"nosuch\" is not on this server").hasLineCount(1);

    Ran publish = cli(null, "machine", "create", "svc", "--publish", "80");
    assertThat(publish.exit).isEqualTo(2);
    assertThat(publish.err).isEqualTo("template-studio: --publish 80: give HOSTPORT:PORT, such as 8080:80\n");
    Ran network = cli(null, "machine", "create", "svc", "--network", "bridge");
    assertThat(network.exit).isEqualTo(2);
    assertThat(network.err).startsWith("template-studio: --network bridge: give host").hasLineCount(1);

    Ran created = cli(null, "machine", "create", "svc");
    String id = created.out.strip();
    assertThat(cli(null, "machine", "rm", id).exit).isZero();
    Ran removed = cli(null, "machine", "exec", id, "--", "true");
    assertThat(removed.exit).isEqualTo(1);
    assertThat(removed.err).startsWith("template-studio: no machine \"" + id + "\" (it was removed").hasLineCount(1);

    Ran tooMany = cli(null, "pool", "set", "svc", "--ready", "100000000");
    assertThat(tooMany.exit).isEqualTo(1);
    assertThat(tooMany.err).matches("template-studio: this machine can hold \\d+ machines of svc .*; ask for --ready \\d+ or less\\n");

    Ran stale = cli(null, "build", tmp.resolve("svc/stale.template.json").toString());
    assertThat(stale.exit).as(stale.err).isZero();
    Ran notReady = cli(null, "machine", "create", "svc", "--env", "MODE=broken");
    assertThat(notReady.exit).isEqualTo(1);
    assertThat(notReady.err).startsWith("template-studio: the machine did not get ready: ").contains("/tmp/up")
        .hasLineCount(1);
    assertThat(ProcessArgs.anyContains(marker)).as("the failed machine is gone").isFalse();

    Thread.sleep(6_000);
    assertThat(cli(null, "pool", "set", "stale", "--ready", "1").exit).isZero();
    String ls = "";
    for (long until = System.currentTimeMillis() + 30_000; System.currentTimeMillis() < until; Thread.sleep(300)) {
      ls = cli(null, "pool", "ls").out;
      if (ls.matches("(?s).*retrying in [2-9]\\d* s.*")) {
        break;
      }
    }
    assertThat(ls).as("the pool waits longer after each failed start instead of looping")
        .containsPattern("stale\\s+1\\s+0\\s+[01]\\s+0\\s+.*\\(retrying in [2-9]\\d* s: the machine did not get ready: "
            + ".*/tmp/up");
    assertThat(cli(null, "pool", "rm", "stale").exit).isZero();
  }
}
