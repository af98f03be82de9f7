package dev.templatestudio.app.installer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.templatestudio.app.doctor.WindowNeeds;
import dev.templatestudio.bridge.embedded.BusyboxFixture;
import dev.templatestudio.bridge.embedded.bench.BusyboxImage;
import dev.templatestudio.bridge.embedded.layer.HostRequirements;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.host.EmbeddedNeeds;
import dev.templatestudio.bridge.host.HostFacts;
import dev.templatestudio.bridge.host.Need;
import dev.templatestudio.bridge.server.UnixRelay;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Linux package that {@code installer/build.sh} makes with jpackage, from the jar this
 * build just packaged: it must give the same {@code template-studio} command as the repo's
 * launcher (CONTRACT.md §1). The package is unpacked with {@code dpkg-deb -x} rather than
 * installed, and its maintainer scripts, which put the command on the PATH, run over an
 * overlay of /usr/bin in a mount namespace of their own, so the tests never change the machine
 * (they need root, as the embedded runtime's tests do).
 */
class InstallerPackageIT {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static Path deb;

  @TempDir
  static Path unpacked;

  record Result(int exit, String out, String err) {}

  private static Result run(Path dir, String... command) throws IOException, InterruptedException {
    Path out = Files.createTempFile("installer-it", ".out");
    Path err = Files.createTempFile("installer-it", ".err");
    Process p = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(25, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("timed out: " + String.join(" ", command));
    }
    Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    Files.delete(out);
    Files.delete(err);
    return r;
  }

  /** jpackage links a whole Java runtime: minutes, and more than the default ten on a loaded machine. */
  @BeforeAll
  @Timeout(value = 30, unit = TimeUnit.MINUTES)
  static void buildAndUnpackThePackage() throws Exception {
    Result built = run(REPO, "bash", "installer/build.sh");
    assertThat(built.exit()).as("installer/build.sh:\n" + built.out() + built.err()).isZero();
    try (Stream<Path> s = Files.list(REPO.resolve("installer/target"))) {
      deb = s.filter(p -> p.getFileName().toString().endsWith(".deb")).findFirst().orElseThrow();
    }
    assertThat(run(REPO, "dpkg-deb", "-x", deb.toString(), unpacked.toString()).exit()).isZero();
    assertThat(run(REPO, "dpkg-deb", "-e", deb.toString(), unpacked.resolve("DEBIAN").toString()).exit()).isZero();
  }

  private static Path command() {
    return unpacked.resolve("opt/template-studio/bin/template-studio");
  }

  @Test
  void thePackagedRuntimeKeepsItsJavaCommandForTheLocalDaemonAndPortRelays() {
    // jpackage strips bin/java by default; the machine commands' daemon and --publish relays start it.
    assertThat(unpacked.resolve("opt/template-studio/lib/runtime/bin/java")).isExecutable();
  }

  @Test
  void thePackagedCommandPrintsItsVersionAndRendersTheExample() throws Exception {
    Result version = run(REPO, command().toString(), "--version");
    assertThat(version.exit()).as(version.err()).isZero();
    assertThat(version.out()).startsWith("template-studio ");

    Result python = run(REPO, command().toString(), "render", "examples/fastapi-agent.template.json",
        "--format", "python");
    assertThat(python.exit()).as(python.err()).isZero();
    assertThat(python.out()).contains(".from_python_image(\"3.12\")", ".apt_install([\"git\", \"curl\"])",
        "name=\"fastapi-agent\"");
  }

  /**
   * The command on the PATH runs build and run through the perl thin client: the first build finds
   * no engine and runs in the JVM client (the bundled runtime), which starts the engine; the next
   * ones are the engine's, with no JVM in the client: its process stays perl to the end.
   */
  @Test
  void buildAndRunGoThroughThePerlThinClientToTheEngine() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/perl")), "no /usr/bin/perl");
    BusyboxFixture.require();
    HostRequirements.requireRoot("the sandbox mounts overlayfs");
    Path store = unpacked.resolve("store");
    BusyboxImage.seed(Store.open(store), unpacked);
    Path ctx = Files.createDirectories(unpacked.resolve("ctx"));
    Files.writeString(ctx.resolve("t.template.json"), """
        {"schema": "template-studio/v1", "name": "pkg", "base": {"template": "busybox"},
         "steps": [{"type": "run", "command": "echo from-the-package > /f"}]}
        """);
    Path link = Files.createSymbolicLink(unpacked.resolve("template-studio"),
        unpacked.resolve("opt/template-studio/lib/app/template-studio-command"));
    try {
      Result first = run(ctx, link.toString(), "build", "t.template.json", "--store", store.toString());
      assertThat(first.exit()).as(first.err()).isZero();
      for (long until = System.currentTimeMillis() + 60_000; !UnixRelay.answers(store.resolve("serve/engine.sock")); ) {
        assertThat(System.currentTimeMillis()).as("the engine answers within 60 s").isLessThan(until);
        Thread.sleep(100);
      }
      Result cached = run(ctx, link.toString(), "build", "t.template.json", "--store", store.toString());
      assertThat(cached.exit()).as(cached.err()).isZero();
      assertThat(cached.out()).contains("CACHED");
      Process p = new ProcessBuilder(link.toString(), "run", "pkg", "--store", store.toString(), "--", "sh", "-c",
          "cat /f; sleep 2; exit 3").directory(ctx.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      try {
        String said = new String(p.getInputStream().readNBytes("from-the-package\n".length()));
        assertThat(said).isEqualTo("from-the-package\n");
        // The machine runs: the client took the engine's answer and is still the perl it became.
        assertThat(Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "exe")).toString()).endsWith("/perl");
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(3);
      } finally {
        p.destroyForcibly();
      }
    } finally {
      for (ProcessHandle d : ProcessHandle.allProcesses()
          .filter(h -> h.info().arguments().map(a -> String.join(" ", a).contains(store + "/serve/")).orElse(false)).toList()) {
        d.destroy();
        d.onExit().get(30, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void aUserErrorIsOneSentenceAndExitCodeOneAsFromTheRepoLauncher() throws Exception {
    Result missing = run(REPO, command().toString(), "validate", "no-such.template.json");
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err().strip().lines()).hasSize(1);
    assertThat(missing.err()).doesNotContain("Exception");
  }

  @Test
  void installingPutsTheCommandOnThePathAndRemovingTakesItAway() throws Exception {
    Path debian = unpacked.resolve("DEBIAN");
    String control = Files.readString(debian.resolve("control"));
    assertThat(control).contains("Package: template-studio");
    // On a machine with nothing installed, doctor's fix for the embedded runtime and the window
    // installs these packages: the package depends on each of them.
    HostFacts nothing = HostFacts.under(unpacked.resolve("no-such-machine"), Map.of(), 0);
    List<Need> needs = new ArrayList<>(EmbeddedNeeds.all(nothing));
    needs.add(WindowNeeds.gtk(nothing));
    String install = Need.fixAll(needs).get(0);
    assertThat(install).startsWith("apt-get install ");
    String depends = control.lines().filter(l -> l.startsWith("Depends:")).findFirst().orElse("");
    for (String pkg : install.substring("apt-get install ".length()).split(" ")) {
      assertThat(depends).as("Depends names " + pkg).containsPattern("[:,] " + Pattern.quote(pkg) + "(,|$| )");
    }
    // The maintainer scripts run for real, as dpkg runs them, but in a mount namespace of their
    // own where /usr/bin is an overlay: what they link and remove lands in a scratch folder and
    // the machine's /usr/bin never changes.
    Path upper = Files.createDirectories(unpacked.resolve("overlay/upper"));
    Path work = Files.createDirectories(unpacked.resolve("overlay/work"));
    String link = "/usr/bin/template-studio";
    boolean installedBefore = Files.exists(Path.of(link), LinkOption.NOFOLLOW_LINKS);
    String script = String.join(" && ",
        "mount -t overlay overlay -o lowerdir=/usr/bin,upperdir=" + upper + ",workdir=" + work + " /usr/bin",
        "sh " + debian.resolve("postinst") + " configure",
        "echo linked:$(readlink " + link + ")",
        "sh " + debian.resolve("prerm") + " upgrade",
        "echo upgraded:$(readlink " + link + ")",
        "sh " + debian.resolve("prerm") + " remove",
        "if [ -e " + link + " ] || [ -L " + link + " ]; then echo removed:no; else echo removed:yes; fi");
    Result r = run(REPO, "unshare", "--mount", "--propagation", "private", "sh", "-c", script);
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("linked:/opt/template-studio/lib/app/template-studio-command",
        "upgraded:/opt/template-studio/lib/app/template-studio-command", "removed:yes");
    assertThat(Files.exists(Path.of(link), LinkOption.NOFOLLOW_LINKS))
        .as("the machine's own /usr/bin is untouched").isEqualTo(installedBefore);
  }
}
