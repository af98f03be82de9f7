package dev.templatestudio.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.templatestudio.bridge.embedded.bench.BusyboxImage;
import dev.templatestudio.bridge.embedded.image.CredentialHelperScript;
import dev.templatestudio.bridge.embedded.image.LoopbackRegistry;
import dev.templatestudio.bridge.embedded.image.LoopbackTokenServer;
import dev.templatestudio.bridge.embedded.layer.HostRequirements;
import dev.templatestudio.bridge.embedded.layer.HostTools;
import dev.templatestudio.bridge.embedded.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code login}, {@code logout} and a build on a private base, each in its own JVM with its own
 * DOCKER_CONFIG, against a real docker-registry on loopback (htpasswd basic auth, or a token
 * realm that wants a login). The password must not show up anywhere but the credentials file
 * (or the helper's own store).
 */
@Timeout(300)
class RegistryLoginCliTest {
  private static final String USER = "alice";
  private static final String PASSWORD = "Pw-" + Long.toHexString(System.nanoTime()) + "-never-shown";
  @TempDir Path tmp;
  private Path seeded;
  private Path layout;

  @BeforeEach
  void seed() throws Exception {
    assumeTrue(BusyboxImage.available(), "busybox-static is not installed");
    assumeTrue(HostTools.isRoot(), "the sandbox tests run as root");
    seeded = tmp.resolve("seeded");
    BusyboxImage.seed(Store.open(seeded), tmp);
    layout = tmp.resolve("layout");
    CliRunner export = CliRunner.run("export", "busybox", "--oci", layout.toString(), "--store", seeded.toString());
    assertThat(export.exitCode()).as(export.err()).isZero();
  }

  @Test
  void aPrivateBaseOnABasicAuthRegistryBuildsAfterLoginAndIsRefusedBeforeInOneSentence() throws Exception {
    try (LoopbackRegistry registry = LoopbackRegistry.start(tmp.resolve("storage"), tmp,
        LoopbackRegistry.htpasswdYaml(tmp, USER, PASSWORD))) {
      String base = pushBase(registry);
      Path docker = tmp.resolve("docker");
      Map<String, String> env = Map.of("DOCKER_CONFIG", docker.toString());

      CliProcess wrong = CliProcess.run(env, "nope\n", 60, "login", registry.host(), "-u", USER, "--password-stdin");
      assertThat(wrong.exitCode()).isEqualTo(1);
      assertThat(wrong.err()).isEqualTo("template-studio: registry " + registry.host() + " refused the login of alice\n");
      assertThat(docker).doesNotExist();

      Path file = template("app", base);
      CliProcess refused = CliProcess.run(env, "", 120, "build", file.toString(), "--store", tmp.resolve("s1").toString());
      assertThat(refused.exitCode()).isEqualTo(1);
      assertThat(refused.err()).contains("registry " + registry.host() + " wants a login for test/base; log in with "
          + "'template-studio login " + registry.host() + "'").doesNotContain("\tat ");
      assertThat(refused.err().lines().filter(l -> l.startsWith("template-studio:")).count()).isEqualTo(1);

      CliProcess login = CliProcess.run(env, PASSWORD + "\n", 60, "login", registry.host(), "-u", USER, "--password-stdin");
      assertThat(login.exitCode()).as(login.err()).isZero();
      assertThat(login.out()).isEqualTo("logged in to " + registry.host() + " as alice (kept in "
          + docker.resolve("config.json") + ")\n");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(docker.resolve("config.json"))))
          .isEqualTo("rw-------");

      Path store = tmp.resolve("s2");
      CliProcess build = CliProcess.run(env, "", 180, "build", file.toString(), "--store", store.toString(),
          "--progress", "jsonl");
      assertThat(build.exitCode()).as(build.err()).isZero();
      assertThat(build.out()).containsPattern("\"kind\":\"build-end\".*\"status\":\"ready\"");
      assertNoPassword(List.of(login, build, wrong, refused), store, registry);

      CliProcess logout = CliProcess.run(env, "", 60, "logout", registry.host());
      assertThat(logout.out()).isEqualTo("removed the login for " + registry.host() + " from "
          + docker.resolve("config.json") + "\n");
      assertThat(Files.readString(docker.resolve("config.json"))).doesNotContain(registry.host());
    }
  }

  @Test
  void aTokenRealmThatWantsALoginGetsItThroughACredentialHelper() throws Exception {
    try (LoopbackTokenServer tokens = LoopbackTokenServer.start(tmp);
         LoopbackRegistry registry = LoopbackRegistry.start(tmp.resolve("storage"), tmp, tokens.registryAuthYaml())) {
      tokens.requireLogin(USER, PASSWORD, "unused-" + PASSWORD);
      String base = pushBase(registry);
      Path docker = Files.createDirectories(tmp.resolve("docker"));
      Files.writeString(docker.resolve("config.json"), "{\"credsStore\": \"test\"}");
      Path bin = CredentialHelperScript.install(tmp.resolve("bin"));
      Map<String, String> env = new HashMap<>(Map.of("DOCKER_CONFIG", docker.toString(),
          "PATH", bin + ":" + System.getenv("PATH")));

      CliProcess login = CliProcess.run(env, PASSWORD, 60, "login", registry.host(), "-u", USER, "--password-stdin");
      assertThat(login.exitCode()).as(login.err()).isZero();
      assertThat(Files.readString(bin.resolve("helper-store.json"))).contains(PASSWORD);
      Path store = tmp.resolve("s");
      CliProcess build = CliProcess.run(env, "", 180, "build", template("app", base).toString(),
          "--store", store.toString(), "--progress", "jsonl");
      assertThat(build.exitCode()).as(build.err()).isZero();
      assertNoPassword(List.of(login, build), store, registry);
      assertThat(Files.readString(docker.resolve("config.json"))).doesNotContain(PASSWORD);
    }
  }

  @Test
  void serveUsesTheLoginOfTheServerMachineNeverTheClients() throws Exception {
    try (LoopbackRegistry registry = LoopbackRegistry.start(tmp.resolve("storage"), tmp,
        LoopbackRegistry.htpasswdYaml(tmp, USER, PASSWORD))) {
      String base = pushBase(registry);
      Path serverDocker = Files.createDirectories(tmp.resolve("server-docker"));
      Path clientDocker = tmp.resolve("client-docker");
      Map<String, String> client = Map.of("DOCKER_CONFIG", clientDocker.toString());
      assertThat(CliProcess.run(client, PASSWORD, 60, "login", registry.host(), "-u", USER, "--password-stdin")
          .exitCode()).isZero();
      Path serverStore = tmp.resolve("server-store");
      Path serveLog = tmp.resolve("serve.log");
      ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), "dev.templatestudio.app.Launcher",
          "serve", "--port", "0", "--store", serverStore.toString());
      builder.environment().put("DOCKER_CONFIG", serverDocker.toString());
      Process serve = builder.redirectErrorStream(true).redirectOutput(serveLog.toFile()).start();
      try {
        java.util.regex.Matcher serving = awaitServing(serveLog);
        String[] remote = {"--runtime", serving.group(1), "--token-file", serving.group(2)};
        Path file = template("remote", base);

        CliProcess refused = CliProcess.run(client, "", 120, concat("build", file.toString(), remote));
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("wants a login for test/base");

        String auth = java.util.Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes());
        Files.writeString(serverDocker.resolve("config.json"),
            "{\"auths\":{\"" + registry.host() + "\":{\"auth\":\"" + auth + "\"}}}");
        Files.writeString(clientDocker.resolve("config.json"), "{}");
        CliProcess built = CliProcess.run(client, "", 180, concat("build", file.toString(), remote));
        assertThat(built.exitCode()).as(built.err()).isZero();
        assertNoPassword(List.of(refused, built), serverStore, registry);
      } finally {
        serve.destroy();
        if (!serve.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
          serve.destroyForcibly().waitFor();
        }
      }
      assertThat(Files.readString(serveLog)).doesNotContain(PASSWORD);
    }
  }

  private static java.util.regex.Matcher awaitServing(Path log) throws Exception {
    java.util.regex.Pattern serving = java.util.regex.Pattern.compile(
        "template-studio: serving (http://127\\.0\\.0\\.1:\\d+) \\(store .*; token in (.*)\\)");
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      java.util.regex.Matcher m = serving.matcher(Files.readString(log));
      if (m.find()) {
        return m;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("serve did not start: " + Files.readString(log));
  }

  private static String[] concat(String first, String second, String... rest) {
    String[] all = new String[rest.length + 2];
    all[0] = first;
    all[1] = second;
    System.arraycopy(rest, 0, all, 2, rest.length);
    return all;
  }

  /** The busybox template pushed to the registry as test/base:1, with the login (skopeo's own). */
  private String pushBase(LoopbackRegistry registry) {
    String image = registry.host() + "/test/base:1";
    HostRequirements.run(HostRequirements.requireTool("skopeo", "skopeo"), "--insecure-policy", "copy",
        "--dest-tls-verify=false", "--dest-creds", USER + ":" + PASSWORD, "oci:" + layout + ":latest",
        "docker://" + image);
    return image;
  }

  private Path template(String name, String base) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(name));
    return Files.writeString(dir.resolve(name + ".template.json"), """
        {"schema": "template-studio/v1", "name": "%s", "base": {"image": "%s"},
         "steps": [{"type": "run", "command": "echo built > /built"}]}
        """.formatted(name, base));
  }

  /** Neither the outputs, nor any file of the store, nor the registry's log hold the password. */
  private static void assertNoPassword(List<CliProcess> runs, Path store, LoopbackRegistry registry) throws Exception {
    for (CliProcess run : runs) {
      assertThat(run.out() + run.err()).doesNotContain(PASSWORD);
    }
    byte[] needle = PASSWORD.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    try (Stream<Path> files = Files.walk(store)) {
      for (Path f : files.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).toList()) {
        assertThat(indexOf(Files.readAllBytes(f), needle)).as("the password in " + f).isNegative();
      }
    }
    assertThat(registry.log()).doesNotContain(PASSWORD);
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
