package dev.templatestudio.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.embedded.store.Store;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's socket spoken to frame by frame, in this JVM: what it declines (another build
 * of the program, another store, another runtime, not build or run) and what it runs, with the
 * client's folder and its outputs and exit code sent back.
 */
class EngineServerTest {
  @TempDir Path tmp;
  Path store;
  EngineServer engine;
  /** How often the engine asked whether it may end itself (never allowed here). */
  AtomicInteger retireAsked = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    store = tmp.resolve("store");
    Store opened = Store.open(store);
    Files.createDirectories(store.resolve("serve"));
    engine = EngineServer.start(EngineFrames.socket(store), opened, () -> {
      retireAsked.incrementAndGet();
      return false;
    }, line -> { });
  }

  @AfterEach
  void stop() {
    engine.close();
  }

  private record Answer(byte first, String firstBody, String out, String err, Integer exit) {}

  private Answer ask(String identity, String cwd, String... args) throws Exception {
    try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(EngineFrames.socket(store)))) {
      OutputStream out = EngineFrames.out(c);
      DataInputStream in = new DataInputStream(EngineFrames.in(c));
      Map<String, String> env = new java.util.HashMap<>(System.getenv());
      EngineFrames.write(out, EngineFrames.REQUEST, new EngineFrames.Request(identity, cwd,
          System.getProperty("sun.jnu.encoding"), List.of(args), env).encode());
      EngineFrames.Frame first = EngineFrames.read(in);
      ByteArrayOutputStream stdout = new ByteArrayOutputStream();
      ByteArrayOutputStream stderr = new ByteArrayOutputStream();
      Integer exit = null;
      if (first.type() == EngineFrames.ACCEPTED) {
        EngineFrames.Frame f;
        while (exit == null && (f = EngineFrames.read(in)) != null) {
          if (f.type() == EngineFrames.STDOUT) {
            stdout.write(f.body());
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

  @Test
  void theSocketIsTheOwnersOnly() throws Exception {
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(EngineFrames.socket(store))))
        .isEqualTo("rw-------");
  }

  @Test
  void itDeclinesWhatIsNotItsOwn() throws Exception {
    String id = EngineFrames.identity();
    String cwd = tmp.toString();
    String s = store.toString();
    Answer stale = ask(id + "\nanother jar", cwd, "build", "x.json", "--store", s);
    assertThat(stale.first()).isEqualTo(EngineFrames.DECLINED);
    assertThat(stale.firstBody()).isEqualTo("another build of template-studio");
    // It asks after its answer is sent, on the client's thread: waited for, not raced.
    for (long until = System.currentTimeMillis() + 10_000; retireAsked.get() == 0
        && System.currentTimeMillis() < until; ) {
      Thread.sleep(10);
    }
    assertThat(retireAsked.get()).as("an engine of another build asks whether it may end").isEqualTo(1);
    assertThat(ask(id, cwd, "build", "x.json", "--store", tmp.resolve("other").toString()).firstBody())
        .isEqualTo("another store");
    assertThat(ask(id, cwd, "build", "x.json", "--store", s, "--runtime", "docker").firstBody()).isEqualTo("runtime docker");
    assertThat(ask(id, cwd, "build", "x.json", "--store", s, "--no-daemon").firstBody())
        .isEqualTo("not a build or run the engine takes");
    assertThat(ask(id, cwd, "templates", "--store", s).firstBody()).isEqualTo("not a build or run the engine takes");
    assertThat(ask(id, cwd, "build", "--store", s).firstBody()).isEqualTo("bad usage, said by the client");
  }

  @Test
  void itRunsABuildWithTheClientsFolderAndSendsBackItsOutputAndCode() throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("client"));
    Files.writeString(folder.resolve("bad.template.json"), "{\"schema\": \"template-studio/v1\", \"steps\": [}");
    List<String> args = new ArrayList<>(List.of("build", "bad.template.json", "--store", "../store"));
    Answer bad = ask(EngineFrames.identity(), folder.toString(), args.toArray(String[]::new));
    assertThat(bad.first()).isEqualTo(EngineFrames.ACCEPTED);
    assertThat(bad.exit()).isEqualTo(1);
    // Read from the client's folder (its JSON error), and named as the client gave it.
    assertThat(bad.err()).startsWith("template-studio: bad.template.json:1:44: error: ").doesNotContain(folder.toString());
    assertThat(bad.out()).isEmpty();

    Answer help = ask(EngineFrames.identity(), folder.toString(), "build", "--help", "--store", "../store");
    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("Usage: template-studio build").contains("--no-daemon");
  }
}
