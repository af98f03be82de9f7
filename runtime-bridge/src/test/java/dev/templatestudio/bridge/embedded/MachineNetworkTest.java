package dev.templatestudio.bridge.embedded;

import static dev.templatestudio.bridge.embedded.EngineFixture.assertReady;
import static dev.templatestudio.bridge.embedded.EngineFixture.build;
import static dev.templatestudio.bridge.embedded.EngineFixture.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.templatestudio.bridge.embedded.sandbox.Cgroups;
import dev.templatestudio.bridge.embedded.sandbox.ResourceLimits;
import dev.templatestudio.bridge.machines.MachineInfo;
import dev.templatestudio.bridge.machines.MachineRequest;
import dev.templatestudio.bridge.machines.Machines;
import dev.templatestudio.bridge.machines.Publish;
import dev.templatestudio.bridge.template.EnvStep;
import dev.templatestudio.bridge.template.Ready;
import dev.templatestudio.bridge.template.Resources;
import dev.templatestudio.bridge.template.Start;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.testing.ProcessArgs;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A held machine's isolation (issue 14): a network namespace of its own with loopback up, so
 * two machines serve the same port without colliding and the host sees neither; {@code
 * --publish} forwards a host loopback port in; {@code --network host} shares the host's; a URL
 * ready check reaches the machine's own loopback; the template's cpus and memory hold its
 * machines. Traffic goes only to 127.0.0.1 and inside the machines' namespaces.
 */
class MachineNetworkTest extends EngineTestBase {
  private int port;

  @BeforeEach
  void freePort() throws IOException {
    // The machines of --network host serve on the host's loopback: a port nothing else holds now.
    port = freeHostPort();
  }

  private static int freeHostPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private Template web(String name, Ready ready) {
    return template(name, new EnvStep(Map.of("WHO", "built"))).withStart(new Start(
        "mkdir -p /www && echo \"$WHO\" > /www/index.html && exec httpd -f -p " + port + " -h /www", ready));
  }

  private static List<String> exec(Machines m, String id, String script) throws Exception {
    List<String> out = new ArrayList<>();
    int code = m.exec(id, List.of("/bin/sh", "-c", script), null, (stream, line) -> {
      synchronized (out) {
        out.add(line);
      }
    });
    out.add("exit " + code);
    return out;
  }

  /** The body of GET / on 127.0.0.1:{@code hostPort}, over a plain socket. */
  private static String get(int hostPort) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), hostPort), 2000);
      s.setSoTimeout(10_000);
      s.getOutputStream().write("GET / HTTP/1.0\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      s.shutdownOutput();
      InputStream in = s.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return response.substring(response.indexOf("\r\n\r\n") + 4).strip();
    }
  }

  private static boolean hostListens(int hostPort) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), hostPort), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void twoMachinesServeTheSamePortWithoutCollidingAndTheHostSeesNeither() throws Exception {
    assertReady(build(rt, web("web", new Ready.Port(port)), ctx));
    Machines m = rt.machines();
    MachineInfo one = m.create(new MachineRequest("web", 0, null, Map.of("WHO", "one")));
    MachineInfo two = m.create(new MachineRequest("web", 0, null, Map.of("WHO", "two")));
    String fetch = "wget -q -O - http://127.0.0.1:" + port + "/";
    assertThat(exec(m, one.id(), fetch)).containsExactly("one", "exit 0");
    assertThat(exec(m, two.id(), fetch)).containsExactly("two", "exit 0");
    assertThat(exec(m, one.id(), "ip -o link 2>/dev/null | grep -v ' lo:' | wc -l; cat /sys/class/net/lo/operstate "
        + "2>/dev/null || ip -o link show lo")).as("loopback only, and up").first().isEqualTo("0");
    assertThat(hostListens(port)).as("nothing of the machines listens on the host").isFalse();
    m.remove(one.id());
    m.remove(two.id());
  }

  @Test
  void publishForwardsAHostLoopbackPortIntoTheMachineUntilItIsRemoved() throws Exception {
    // A URL check: it reaches the machine's own loopback too.
    assertReady(build(rt, web("pub", new Ready.Url("http://localhost:" + port + "/")), ctx));
    Machines m = rt.machines();
    int hostPort = freeHostPort();
    MachineInfo made = m.create(new MachineRequest("pub", 0, null, Map.of("WHO", "published"), null,
        List.of(new Publish(hostPort, port)), false));
    for (int i = 0; i < 3; i++) {
      assertThat(get(hostPort)).isEqualTo("published");
    }
    assertThatThrownBy(() -> m.create(new MachineRequest("pub", 0, null, Map.of(), null,
        List.of(new Publish(hostPort, port)), false)))
        .hasMessage("the machine did not start: cannot publish " + hostPort + ":" + port + ": port " + hostPort
            + " on 127.0.0.1 is in use");
    assertThat(ProcessArgs.anyContains("NetnsRelay")).isTrue();
    m.remove(made.id());
    assertThat(hostListens(hostPort)).as("the forward ends with its machine").isFalse();
    assertThat(m.list()).isEmpty();
    assertThat(ProcessArgs.anyContains("NetnsRelay")).as("the relay ends with its machine").isFalse();
  }

  @Test
  void aUrlCheckLeavesNoRelayNorListenerOnceTheMachineIsReady() throws Exception {
    assertReady(build(rt, web("url", new Ready.Url("http://localhost:" + port + "/")), ctx));
    assertThat(relays()).as("the build's check").isEmpty();
    Set<Integer> before = listeningPorts();
    Machines m = rt.machines();
    MachineInfo plain = m.create(new MachineRequest("url", 0, null, Map.of("WHO", "plain")));
    assertThat(relays()).as("a machine that publishes nothing").isEmpty();
    assertThat(listeningPorts()).isEqualTo(before);
    assertThat(exec(m, plain.id(), "wget -q -O - http://127.0.0.1:" + port + "/")).containsExactly("plain", "exit 0");
    int hostPort = freeHostPort();
    MachineInfo published = m.create(new MachineRequest("url", 0, null, Map.of("WHO", "published"), null,
        List.of(new Publish(hostPort, port)), false));
    assertThat(relays()).as("the relay of the published port").hasSize(1);
    Set<Integer> withPublished = new HashSet<>(before);
    withPublished.add(hostPort);
    assertThat(listeningPorts()).as("the published port only, not the check's").isEqualTo(withPublished);
    assertThat(get(hostPort)).isEqualTo("published");
    m.remove(plain.id());
    m.remove(published.id());
    assertThat(relays()).isEmpty();
  }

  /** The sockets of the port relays this JVM started, still running. */
  private static List<String> relays() {
    return ProcessHandle.current().descendants().map(p -> ProcessArgs.of(p.pid()))
        .filter(args -> args.contains("NetnsRelay")).map(args -> args.substring(args.lastIndexOf(' ') + 1)).toList();
  }

  /** The TCP ports this JVM listens on, from its sockets' inodes in the host's socket tables. */
  private static Set<Integer> listeningPorts() throws IOException {
    Set<String> inodes = new HashSet<>();
    try (var fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : fds.toList()) {
        try {
          String link = Files.readSymbolicLink(fd).toString();
          if (link.startsWith("socket:[")) {
            inodes.add(link.substring(8, link.length() - 1));
          }
        } catch (IOException closedMeanwhile) {
          // Not a socket of this JVM any more.
        }
      }
    }
    Set<Integer> ports = new HashSet<>();
    for (String table : List.of("tcp", "tcp6")) {
      Path file = Path.of("/proc/self/net", table);
      if (!Files.exists(file)) {
        continue;
      }
      for (String line : Files.readAllLines(file)) {
        String[] f = line.trim().split("\\s+");
        if (f.length > 9 && f[3].equals("0A") && inodes.contains(f[9])) {
          ports.add(Integer.parseInt(f[1].substring(f[1].lastIndexOf(':') + 1), 16));
        }
      }
    }
    return ports;
  }

  @Test
  void networkHostSharesTheHostsNetwork() throws Exception {
    assertReady(build(rt, web("shared", new Ready.Port(port)), ctx));
    MachineInfo made = rt.machines().create(new MachineRequest("shared", 0, null, Map.of("WHO", "host"), null,
        List.of(), true));
    assertThat(get(port)).isEqualTo("host");
    rt.machines().remove(made.id());
    assertThat(hostListens(port)).isFalse();
  }

  @Test
  void theTemplatesCpusAndMemoryHoldItsMachines() throws Exception {
    assumeTrue(Cgroups.host().problem(ResourceLimits.NONE).isEmpty(), "this machine has no usable cgroups");
    assertReady(build(rt, template("small").withResources(new Resources(1, 64)), ctx));
    Machines m = rt.machines();
    MachineInfo small = m.create(MachineRequest.of("small"));
    List<String> cgroups = exec(m, small.id(), "cat /proc/self/cgroup");
    // The exec joins the machine's cgroup: its limits are the template's.
    assertThat(limit(cgroups, "memory", "memory.max", "memory.limit_in_bytes")).isEqualTo(String.valueOf(64L << 20));
    assertThat(limit(cgroups, "cpu", "cpu.max", "cpu.cfs_quota_us")).isIn("100000 100000", "100000");
    assertThat(exec(m, small.id(), ResourceLimitsTest.ALLOCATE_200_MB + " 2>/dev/null")).containsExactly("exit 137");
    MachineInfo big = m.create(new MachineRequest("small", 0, new Resources(null, 512), Map.of()));
    assertThat(exec(m, big.id(), ResourceLimitsTest.ALLOCATE_200_MB + " 2>/dev/null")).containsExactly("exit 0");
    m.remove(small.id());
    m.remove(big.id());
  }

  /**
   * The value of {@code v2File} (cgroup v2) or {@code v1File} (in {@code controller}'s v1
   * hierarchy) of the cgroup that the lines of /proc/self/cgroup name.
   */
  private static String limit(List<String> procSelfCgroup, String controller, String v2File, String v1File)
      throws IOException {
    for (String line : procSelfCgroup) {
      String[] f = line.split(":", 3);
      if (f.length < 3) {
        continue;
      }
      if (List.of(f[1].split(",")).contains(controller)) {
        Path v1 = Path.of("/sys/fs/cgroup", f[1], f[2], v1File);
        if (Files.isRegularFile(v1)) {
          return Files.readString(v1).strip();
        }
      }
      Path v2 = Path.of("/sys/fs/cgroup" + f[2], v2File);
      if (f[1].isEmpty() && Files.isRegularFile(v2)) {
        return Files.readString(v2).strip();
      }
    }
    return "none in " + procSelfCgroup;
  }
}
