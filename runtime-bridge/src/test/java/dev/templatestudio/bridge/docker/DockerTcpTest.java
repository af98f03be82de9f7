package dev.templatestudio.bridge.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.build.Runtime;
import dev.templatestudio.bridge.runtimes.Runtimes;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docker:tcp://HOST:PORT}: the test's dockerd listens on a unix socket only, so a relay
 * here forwards a loopback TCP port to it, byte for byte.
 */
class DockerTcpTest {
  @TempDir Path tmp;

  @Test
  void buildsOverTcp() throws Exception {
    DockerEngineFixture.engine();
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread relay = new Thread(() -> accept(server), "tcp-relay");
      relay.setDaemon(true);
      relay.start();
      String spec = "docker:tcp://127.0.0.1:" + server.getLocalPort();
      try (Runtime rt = Runtimes.open(spec, tmp)) {
        Template t = Template.of(Base.image(DockerEngineFixture.BASE), List.of(new RunStep("echo over tcp")))
            .withName("docker-tcp");
        BuildEvent end = rt.build(BuildRequest.of(t, tmp)).result().get(60, TimeUnit.SECONDS);
        assertThat(end.status()).as(end.message()).isEqualTo(BuildEvent.STATUS_READY);
        assertThat(rt.templates()).anyMatch(i -> i.ref().equals(end.ref()));
        assertThat(rt.describe()).startsWith("docker (tcp://127.0.0.1:");
      }
    }
  }

  private static void accept(ServerSocket server) {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        SocketChannel engine = SocketChannel.open(UnixDomainSocketAddress.of(DockerEngineFixture.SOCKET));
        // Channel streams of one blocking channel share a lock, so each direction reads and
        // writes the engine's channel through ByteBuffers instead.
        pump(() -> {
          InputStream in = client.getInputStream();
          byte[] buf = new byte[64 * 1024];
          for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
            ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
            while (b.hasRemaining()) {
              engine.write(b);
            }
          }
          engine.shutdownOutput();
        });
        pump(() -> {
          OutputStream out = client.getOutputStream();
          ByteBuffer b = ByteBuffer.allocate(64 * 1024);
          while (engine.read(b) >= 0) {
            out.write(b.array(), 0, b.position());
            out.flush();
            b.clear();
          }
          client.close();
          engine.close();
        });
      } catch (IOException e) {
        return;
      }
    }
  }

  /** Runs one direction of the relay on its own thread; an I/O error ends it. */
  private static void pump(Copy copy) {
    Thread t = new Thread(() -> {
      try {
        copy.run();
      } catch (IOException e) {
        // The other side went away: this direction is over.
      }
    }, "tcp-relay-pump");
    t.setDaemon(true);
    t.start();
  }

  private interface Copy {
    void run() throws IOException;
  }
}
