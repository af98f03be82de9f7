package dev.templatestudio.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.embedded.BusyboxFixture;
import dev.templatestudio.bridge.embedded.bench.BusyboxImage;
import dev.templatestudio.bridge.embedded.layer.HostRequirements;
import dev.templatestudio.bridge.embedded.store.Store;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code machine create|exec|ls|logs|rm} as a user types them, each its own process, against a
 * real {@code serve} that holds the machines: a machine outlives the command that made it, keeps
 * its files between commands, passes piped input on, and is gone after rm or when serve stops.
 */
class MachineCliTest {
  private static final Pattern SERVING = Pattern.compile(
      "template-studio: serving (http://127\\.0\\.0\\.1:\\d+) \\(store .*; token in (.*)\\)");
  @TempDir Path tmp;
  Process serve;
  String url;
  Path tokenFile;
  String marker = "cli-machine-" + UUID.randomUUID();

  @BeforeEach
  void startServe() throws Exception {
    BusyboxFixture.require();
    HostRequirements.requireRoot("the sandbox mounts overlayfs");
    Path store = tmp.resolve("server-store");
    BusyboxImage.seed(Store.open(store), tmp);
    serve = new ProcessBuilder(java("serve", "--port", "0", "--store", store.toString()))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    String line = new BufferedReader(new InputStreamReader(serve.getErrorStream(), StandardCharsets.UTF_8)).readLine();
    Matcher m = SERVING.matcher(line == null ? "" : line);
    assertThat(m.matches()).as(line).isTrue();
    url = m.group(1);
    tokenFile = Path.of(m.group(2));
    Path ctx = Files.createDirectories(tmp.resolve("svc"));
    Files.writeString(ctx.resolve("svc.template.json"), """
        {"schema": "template-studio/v1", "name": "svc", "base": {"template": "busybox"},
         "steps": [{"type": "run", "command": "echo built > /built.txt"}],
         "runtimeEnvs": {"APP_ENV": "demo"},
         "start": {"command": "echo service up; touch /tmp/up; sleep 600 # %s",
                   "ready": {"type": "file", "path": "/tmp/up"}}}
        """.formatted(marker));
    Ran built = cli(null, "build", ctx.resolve("svc.template.json").toString());
    assertThat(built.exit).as(built.err).isZero();
  }

  @AfterEach
  void stopServe() throws Exception {
    if (serve != null) {
      serve.destroy();
      if (!serve.waitFor(20, TimeUnit.SECONDS)) {
        serve.destroyForcibly();
        serve.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private static List<String> java(String... args) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.templatestudio.app.Launcher"));
    command.addAll(List.of(args));
    return command;
  }

  private record Ran(int exit, String out, String err) {}

  /** The CLI in its own process against the serve, {@code stdin} piped in (null: /dev/null). */
  private Ran cli(String stdin, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    int dashes = all.indexOf("--");
    all.addAll(dashes < 0 ? all.size() : dashes, List.of("--runtime", url, "--token-file", tokenFile.toString()));
    ProcessBuilder pb = new ProcessBuilder(java(all.toArray(String[]::new)));
    Path in = tmp.resolve("stdin-" + UUID.randomUUID());
    Files.writeString(in, stdin == null ? "" : stdin);
    pb.redirectInput(stdin == null ? ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())
        : ProcessBuilder.Redirect.from(in.toFile()));
    Path out = tmp.resolve("out-" + UUID.randomUUID());
    Path err = tmp.resolve("err-" + UUID.randomUUID());
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try {
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", args)).isTrue();
      return new Ran(p.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      p.destroyForcibly();
    }
  }

  private boolean leftRunning() {
    return dev.templatestudio.bridge.testing.ProcessArgs.anyContains(marker);
  }

  @Test
  void aMachineOutlivesTheCommandsThatUseItUntilRm() throws Exception {
    Ran created = cli(null, "machine", "create", "svc", "--env", "WHO=cli");
    assertThat(created.exit).as(created.err).isZero();
    String id = created.out.strip();
    assertThat(id).matches("[0-9a-f]{12}");
    assertThat(leftRunning()).as("the machine runs after create exits").isTrue();

    Ran first = cli(null, "machine", "exec", id, "--", "/bin/sh", "-c", "echo $APP_ENV $WHO > /tmp/note; cat /built.txt");
    assertThat(first.exit).as(first.err).isZero();
    assertThat(first.out).isEqualTo("built\n");
    Ran second = cli("piped line\n", "machine", "exec", id, "--", "/bin/sh", "-c",
        "cat /tmp/note; read l; echo got $l; echo to-err >&2; exit 5");
    assertThat(second.exit).isEqualTo(5);
    assertThat(second.out).isEqualTo("demo cli\ngot piped line\n");
    assertThat(second.err).isEqualTo("to-err\n");

    Ran ls = cli(null, "machine", "ls");
    assertThat(ls.exit).as(ls.err).isZero();
    assertThat(ls.out.lines().toList().get(0)).startsWith("ID").contains("STATE", "TEMPLATE", "READY IN", "CPU", "MEMORY");
    assertThat(ls.out).contains(id + "  ready").contains("svc").contains(" MB");
    Ran logs = cli(null, "machine", "logs", id);
    assertThat(logs.out).isEqualTo("service up\n");

    Ran rm = cli(null, "machine", "rm", id);
    assertThat(rm.exit).as(rm.err).isZero();
    assertThat(leftRunning()).isFalse();
    Ran gone = cli(null, "machine", "exec", id, "--", "true");
    assertThat(gone.exit).isEqualTo(1);
    assertThat(gone.err).startsWith("template-studio: no machine \"" + id + "\"").hasLineCount(1);
    assertThat(cli(null, "machine", "ls").out.lines().count()).isEqualTo(1);
  }

  @Test
  void badInputIsOneSentenceAndStoppingServeEndsItsMachines() throws Exception {
    Ran unknown = cli(null, "machine", "create", "nosuch");
    assertThat(unknown.exit).isEqualTo(1);
    assertThat(unknown.err).contains("template \"nosuch\" is not on this server").hasLineCount(1);
    Ran never = cli(null, "machine", "rm", "0123456789ab");
    assertThat(never.exit).isEqualTo(1);
    assertThat(never.err).startsWith("template-studio: no machine \"0123456789ab\"").hasLineCount(1);

    Ran created = cli(null, "machine", "create", "svc", "--timeout", "600");
    assertThat(created.exit).as(created.err).isZero();
    assertThat(leftRunning()).isTrue();
    serve.destroy();
    assertThat(serve.waitFor(30, TimeUnit.SECONDS)).isTrue();
    long deadline = System.currentTimeMillis() + 10_000;
    while (leftRunning() && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertThat(leftRunning()).as("serve's machines end with it").isFalse();
  }

  @Test
  void aWarmPoolHandsOutReadyMachinesAndRefusesWhatCannotFit() throws Exception {
    Ran set = cli(null, "pool", "set", "svc", "--ready", "1");
    assertThat(set.exit).as(set.err).isZero();
    assertThat(set.out).startsWith("svc: keeping 1 ready (at most ");
    String ls = "";
    for (long until = System.currentTimeMillis() + 30_000; System.currentTimeMillis() < until; Thread.sleep(200)) {
      ls = cli(null, "pool", "ls").out;
      if (ls.lines().anyMatch(l -> l.matches("svc\\s+1\\s+1\\s+0\\s+0\\s+\\d+\\s+svc@sha256:.*"))) {
        break;
      }
    }
    assertThat(ls.lines().toList().get(0)).matches("TEMPLATE\\s+READY\\s+IDLE\\s+STARTING\\s+IN USE\\s+MAX\\s+BUILD");
    assertThat(ls).containsPattern("svc\\s+1\\s+1\\s+0\\s+0\\s+\\d+\\s+svc@sha256:");
    Ran taken = cli(null, "machine", "create", "svc", "--fallback", "fail");
    assertThat(taken.exit).as(taken.err).isZero();
    Ran exec = cli(null, "machine", "exec", taken.out.strip(), "--", "cat", "/built.txt");
    assertThat(exec.out).isEqualTo("built\n");

    Ran tooMany = cli(null, "pool", "set", "svc", "--ready", "100000000");
    assertThat(tooMany.exit).isEqualTo(1);
    assertThat(tooMany.err).matches("template-studio: this machine can hold \\d+ machines of svc .*; ask for --ready \\d+ or less\\n");
    Ran unknown = cli(null, "pool", "set", "nosuch", "--ready", "1");
    assertThat(unknown.exit).isEqualTo(1);
    assertThat(unknown.err).contains("template \"nosuch\" is not on this server").hasLineCount(1);
    Ran badFallback = cli(null, "machine", "create", "svc", "--fallback", "later");
    assertThat(badFallback.exit).isEqualTo(2);
    assertThat(badFallback.err).startsWith("template-studio: --fallback later: give wait, cold or fail");

    assertThat(cli(null, "pool", "rm", "svc").exit).isZero();
    assertThat(cli(null, "pool", "rm", "svc").err).startsWith("template-studio: no warm pool for svc");
  }
}
