package dev.templatestudio.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.templatestudio.bridge.embedded.BusyboxFixture;
import dev.templatestudio.bridge.embedded.bench.BusyboxImage;
import dev.templatestudio.bridge.embedded.layer.HostRequirements;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.server.UnixRelay;
import dev.templatestudio.bridge.testing.ProcessArgs;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The thin client without a JVM (issue 16): {@code src/main/scripts/engine-client.pl}, as the
 * launchers run it, against the real local engine. What the engine takes never starts a JVM in
 * the client; everything else runs the fallback, here a script that notes each call and runs the
 * JVM client ({@link EngineClient}) with the same class path, which starts the engine for the next.
 * The class path has a jar with a {@code lib/} beside it and a missing entry, so the identity the
 * script computes is checked on each kind of entry. The daemon is ended after each test.
 */
class PerlClientCliTest {
  private static final Path PERL = Path.of("/usr/bin/perl");
  private static final Path SCRIPT = Path.of("src/main/scripts/engine-client.pl").toAbsolutePath();
  @TempDir Path tmp;
  Path store;
  Path ctx;
  Path fallbacks;
  Path lib;
  String classPath;
  Process running;

  @BeforeEach
  void seedStore() throws Exception {
    assumeTrue(Files.isExecutable(PERL), "no /usr/bin/perl");
    BusyboxFixture.require();
    HostRequirements.requireRoot("the sandbox mounts overlayfs");
    store = tmp.resolve("store");
    BusyboxImage.seed(Store.open(store), tmp);
    ctx = Files.createDirectories(tmp.resolve("ctx"));
    Files.writeString(ctx.resolve("app.txt"), "from the context\n");
    Files.writeString(ctx.resolve("t.template.json"), """
        {"schema": "template-studio/v1", "name": "eng", "base": {"template": "busybox"},
         "steps": [{"type": "copy", "sources": ["app.txt"], "dest": "/app.txt"}]}
        """);
    Path app = Files.createDirectories(tmp.resolve("app"));
    lib = Files.createDirectories(app.resolve("lib"));
    Path jar = jar(app.resolve("extra.jar"));
    jar(lib.resolve("b.jar"));
    jar(lib.resolve("a.jar"));
    // Milliseconds the script must carry as Java does (perl-base's stat has whole seconds).
    Files.setLastModifiedTime(lib.resolve("a.jar"), FileTime.fromMillis(1_700_000_000_123L));
    Files.setLastModifiedTime(jar, FileTime.fromMillis(1_700_000_000_007L));
    // A jar of lib/ named on the class path too, as jpackage's launcher names them: described once.
    classPath = System.getProperty("java.class.path").replaceFirst(":+$", "") + ":" + jar + ":" + app.resolve("absent.jar")
        + ":" + lib.resolve("a.jar");
    fallbacks = tmp.resolve("fallbacks.log");
    Files.writeString(fallbacks, "");
    Path fallback = tmp.resolve("fallback.sh");
    Files.writeString(fallback, """
        #!/bin/sh
        echo "$TEMPLATE_STUDIO_CLIENT $*" >> '%s'
        unset TEMPLATE_STUDIO_CLIENT
        exec '%s' -cp '%s' dev.templatestudio.app.cli.EngineClient "$@"
        """.formatted(fallbacks, javaBin(), classPath));
    fallback.toFile().setExecutable(true);
  }

  @AfterEach
  void stopDaemons() throws Exception {
    if (running != null) {
      running.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    EngineProcesses.stopDaemons(store);
  }

  private static Path javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  private static Path jar(Path path) throws IOException {
    try (OutputStream out = Files.newOutputStream(path); JarOutputStream j = new JarOutputStream(out, new Manifest())) {
      return path;
    }
  }

  private record Ran(int exit, String out, String err) {}

  /** The perl client with {@code java} found on PATH, as the repo launcher passes it without JAVA_HOME. */
  private ProcessBuilder client(Map<String, String> env, String... args) {
    List<String> all = new ArrayList<>(List.of(PERL.toString(), SCRIPT.toString(), "java", classPath,
        tmp.resolve("fallback.sh").toString()));
    List<String> given = new ArrayList<>(List.of(args));
    int dashes = given.indexOf("--");
    given.addAll(dashes < 0 ? given.size() : dashes, List.of("--store", store.toString()));
    all.addAll(given);
    ProcessBuilder b = new ProcessBuilder(all).directory(ctx.toFile());
    b.environment().remove(EngineClient.NO_DAEMON);
    b.environment().put("PATH", javaBin().getParent() + ":" + System.getenv("PATH"));
    b.environment().putAll(env);
    return b;
  }

  private Ran cli(Map<String, String> env, byte[] stdin, String... args) throws Exception {
    Path in = Files.write(tmp.resolve("stdin-" + UUID.randomUUID()), stdin == null ? new byte[0] : stdin);
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

  private Ran cli(String... args) throws Exception {
    return cli(Map.of(), null, args);
  }

  private List<String> fellBack() throws IOException {
    return Files.readAllLines(fallbacks);
  }

  /** The first build finds no engine: the JVM client runs it and starts the engine, awaited here. */
  private ProcessHandle startEngine() throws Exception {
    Ran first = cli("build", "t.template.json");
    assertThat(first.exit).as(first.err).isZero();
    assertThat(first.out).contains("eng@sha256:");
    assertThat(fellBack()).containsExactly("jvm build t.template.json --store " + store);
    Path socket = EngineFrames.socket(store);
    for (long until = System.currentTimeMillis() + 60_000; !UnixRelay.answers(socket); ) {
      assertThat(System.currentTimeMillis()).as("the engine answers within 60 s").isLessThan(until);
      Thread.sleep(100);
    }
    return EngineProcesses.daemons(store).get(0);
  }

  @Test
  void withoutAnEngineTheJvmClientRunsTheCommandThenBuildAndRunGoToTheEngine() throws Exception {
    ProcessHandle engine = startEngine();
    Ran again = cli("build", "t.template.json");
    assertThat(again.exit).as(again.err).isZero();
    assertThat(again.out).contains("CACHED").contains("eng@sha256:");

    Ran run = cli("run", "eng", "--", "/bin/sh", "-c", "cat /app.txt; echo oops >&2; exit 4");
    assertThat(run.exit).isEqualTo(4);
    assertThat(run.out).isEqualTo("from the context\n");
    assertThat(run.err).isEqualTo("oops\n");

    // Stdin in several frames (64 KiB at most each), to its end (a machine's output is text, by lines).
    StringBuilder lines = new StringBuilder();
    for (int i = 0; lines.length() < 300_000; i++) {
      lines.append("line ").append(i).append(" of the client's stdin\n");
    }
    byte[] input = lines.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Path copied = tmp.resolve("copied");
    Process cat = client(Map.of(), "run", "eng", "--", "cat").redirectInput(Files.write(tmp.resolve("in"), input).toFile())
        .redirectOutput(copied.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    assertThat(cat.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(cat.exitValue()).isZero();
    assertThat(Files.readAllBytes(copied)).isEqualTo(input);

    // A command that fails at once: its output and exit come with the engine's answer, in one read.
    Ran alone = cli("build", "missing.template.json", "--no-daemon");
    for (int i = 0; i < 5; i++) {
      Ran missing = cli("build", "missing.template.json");
      assertThat(missing.exit).isEqualTo(1);
      assertThat(missing.err).isEqualTo(alone.err).startsWith("template-studio: ").contains(" missing.template.json").hasLineCount(1);
    }
    assertThat(fellBack()).as("only the first command and --no-daemon ran in a JVM of the client's").hasSize(2);
    assertThat(EngineProcesses.daemons(store)).containsExactly(engine);
  }

  @Test
  void whatTheEngineDeclinesOrTheUserOptsOutOfRunsTheJvmClient() throws Exception {
    startEngine();
    Ran usage = cli("build", "t.template.json", "--no-such-option");
    assertThat(usage.exit).isEqualTo(2);
    assertThat(usage.err).contains("--no-such-option");
    assertThat(fellBack()).hasSize(2).last().asString().startsWith("jvm build t.template.json --no-such-option");

    Ran flag = cli("run", "eng", "--no-daemon", "--", "cat", "/app.txt");
    assertThat(flag.out).isEqualTo("from the context\n");
    Ran optedOut = cli(Map.of(EngineClient.NO_DAEMON, "1"), null, "run", "eng", "--", "cat", "/app.txt");
    assertThat(optedOut.out).isEqualTo("from the context\n");
    // `--no-daemon` after `--` is the machine's command's, not ours: the engine runs it.
    Ran theirs = cli("run", "eng", "--", "echo", "--no-daemon");
    assertThat(theirs.out).isEqualTo("--no-daemon\n");
    assertThat(fellBack()).hasSize(4);
  }

  @Test
  void anEngineOfAnotherBuildOfTheProgramDeclines() throws Exception {
    startEngine();
    assertThat(cli("build", "t.template.json").exit).isZero();
    assertThat(fellBack()).as("the identity the script computed is the engine's").hasSize(1);
    // A jar in lib/ beside a class path jar changed by one millisecond: another build.
    Path a = lib.resolve("a.jar");
    Files.setLastModifiedTime(a, FileTime.fromMillis(Files.getLastModifiedTime(a).toMillis() + 1));
    Ran changed = cli("build", "t.template.json");
    assertThat(changed.exit).as(changed.err).isZero();
    assertThat(fellBack()).hasSize(2);
  }

  @Test
  void ctrlCCancelsTheCommandInTheEngineAndExits130() throws Exception {
    ProcessHandle engine = startEngine();
    String marker = "perl-client-" + UUID.randomUUID();
    running = client(Map.of(), "run", "eng", "--", "/bin/sh", "-c", "sleep 300; echo " + marker)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    ProcessHandle sleeper = EngineProcesses.awaitShell(marker, running.pid());
    assertThat(EngineProcesses.isAncestor(engine, sleeper)).as("the machine is the engine's child").isTrue();
    assertThat(EngineProcesses.isAncestor(running.toHandle(), sleeper)).isFalse();
    // The client reads the engine's answer before the machine starts; this leaves it time to act on it.
    Thread.sleep(300);
    new ProcessBuilder("kill", "-INT", Long.toString(running.pid())).start().waitFor();
    assertThat(running.waitFor(60, TimeUnit.SECONDS)).as("the client ends after Ctrl+C").isTrue();
    assertThat(running.exitValue()).isEqualTo(130);
    assertThat(ProcessArgs.anyContains(marker)).as("Ctrl+C stopped the machine in the engine").isFalse();
    assertThat(EngineProcesses.machineDirs(store)).isEmpty();
    assertThat(engine.isAlive()).isTrue();
    assertThat(fellBack()).hasSize(1);
  }

  @Test
  void aClosedStdoutStopsThatOutputOnly() throws Exception {
    startEngine();
    Process p = client(Map.of(), "run", "eng", "--", "/bin/sh", "-c",
        "i=0; while [ $i -lt 20000 ]; do echo line $i; i=$((i+1)); done; echo done >&2; exit 3")
        .redirectError(ProcessBuilder.Redirect.PIPE).start();
    try {
      p.getOutputStream().close();
      InputStream stdout = p.getInputStream();
      assertThat(stdout.read()).as("the first byte of the output").isEqualTo('l');
      stdout.close();
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isEqualTo(3);
      assertThat(new String(p.getErrorStream().readAllBytes())).isEqualTo("done\n");
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void theScriptNeedsOnlyPerlBasesModules() throws Exception {
    // perl-base's modules are the ones in its own folder of @INC: compiled with only that folder.
    Path check = tmp.resolve("check.pl");
    Files.writeString(check, "BEGIN { @INC = grep { m{/perl-base$} } @INC; die \"no perl-base\\n\" unless @INC }\n"
        + Files.readString(SCRIPT));
    Process p = new ProcessBuilder(PERL.toString(), "-c", check.toString()).redirectErrorStream(true).start();
    String said = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assumeTrue(!said.startsWith("no perl-base"), "this perl has no perl-base folder (not Debian)");
    assertThat(said).contains("syntax OK");
    assertThat(p.exitValue()).isZero();
  }
}
