package dev.templatestudio.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.templatestudio.bridge.embedded.bench.BusyboxImage;
import dev.templatestudio.bridge.embedded.image.LoopbackRegistry;
import dev.templatestudio.bridge.embedded.layer.HostRequirements;
import dev.templatestudio.bridge.embedded.layer.HostTools;
import dev.templatestudio.bridge.embedded.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code push} of a real build to a real docker-registry on loopback behind htpasswd, with the
 * login from {@code login}: skopeo sees the template's run config, and another template builds
 * on the pushed image.
 */
@Timeout(300)
class RegistryPushCliTest {
  private static final String PASSWORD = "Push-" + Long.toHexString(System.nanoTime()) + "-hidden";
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;

  @Test
  void aBuiltTemplateIsPushedSkopeoSeesItsRunConfigAndItIsTheBaseOfAnotherBuild() throws Exception {
    assumeTrue(BusyboxImage.available(), "busybox-static is not installed");
    assumeTrue(HostTools.isRoot(), "the sandbox tests run as root");
    Path store = tmp.resolve("store");
    BusyboxImage.seed(Store.open(store), tmp);
    try (LoopbackRegistry registry = LoopbackRegistry.start(tmp.resolve("storage"), tmp,
        LoopbackRegistry.htpasswdYaml(tmp, "ci", PASSWORD))) {
      Map<String, String> env = Map.of("DOCKER_CONFIG", tmp.resolve("docker").toString());
      Path hello = template("hello", """
          {"schema": "template-studio/v1", "name": "hello", "tags": ["stable"], "base": {"template": "busybox"},
           "steps": [{"type": "env", "vars": {"GREETING": "hello"}}, {"type": "workdir", "path": "/srv"},
                     {"type": "run", "command": "echo built > /srv/built"}, {"type": "user", "name": "app"}],
           "start": {"command": "httpd -f -p 8080", "ready": {"type": "port", "port": 8080}}}
          """);
      CliRunner build = CliRunner.run("build", hello.toString(), "--store", store.toString());
      assertThat(build.exitCode()).as(build.err()).isZero();
      String dest = registry.host() + "/team/hello:stable";

      CliProcess anonymous = CliProcess.run(env, "", 120, "push", "hello:stable", dest, "--store", store.toString());
      assertThat(anonymous.exitCode()).isEqualTo(1);
      assertThat(anonymous.err()).endsWith("failed: registry " + registry.host() + " wants a login for team/hello; "
          + "log in with 'template-studio login " + registry.host() + "'\n");

      assertThat(CliProcess.run(env, PASSWORD, 60, "login", registry.host(), "-u", "ci", "--password-stdin")
          .exitCode()).isZero();
      CliProcess push = CliProcess.run(env, "", 120, "push", "hello:stable", dest, "--store", store.toString());
      assertThat(push.exitCode()).as(push.err()).isZero();
      String digest = push.out().strip();
      assertThat(digest).matches("sha256:[0-9a-f]{64}");
      assertThat(push.err()).contains("pushed hello@sha256:").containsPattern("\\([1-9] uploaded, 0 already there, 0 mounted\\)");
      assertThat(push.out() + push.err() + anonymous.err()).doesNotContain(PASSWORD);

      String creds = "--creds=ci:" + PASSWORD;
      JsonNode inspect = JSON.readTree(skopeo("inspect", "--tls-verify=false", creds, "docker://" + dest));
      assertThat(inspect.path("Digest").asText()).isEqualTo(digest);
      assertThat(inspect.path("Labels").path("dev.templatestudio.template").asText()).startsWith("hello@sha256:");
      assertThat(inspect.path("Labels").path("dev.templatestudio.ready").asText()).contains("8080");
      JsonNode config = JSON.readTree(skopeo("inspect", "--config", "--tls-verify=false", creds, "docker://" + dest))
          .path("config");
      assertThat(config.path("User").asText()).isEqualTo("app");
      assertThat(config.path("WorkingDir").asText()).isEqualTo("/srv");
      assertThat(config.path("Env").toString()).contains("GREETING=hello");
      assertThat(config.path("Cmd").toString()).isEqualTo("[\"/bin/sh\",\"-c\",\"httpd -f -p 8080\"]");
      assertThat(config.path("ExposedPorts").has("8080/tcp")).isTrue();

      Path onTop = template("on-top", """
          {"schema": "template-studio/v1", "name": "on-top", "base": {"image": "%s@%s"},
           "steps": [{"type": "run", "command": "test \\"$(cat /srv/built)\\" = built && test \\"$GREETING\\" = hello", "user": "root"}]}
          """.formatted(dest.substring(0, dest.lastIndexOf(':')), digest));
      Path other = tmp.resolve("other-store");
      CliProcess second = CliProcess.run(env, "", 180, "build", onTop.toString(), "--store", other.toString());
      assertThat(second.exitCode()).as(second.out() + second.err()).isZero();

      CliProcess again = CliProcess.run(env, "", 120, "push", "hello:stable", dest, "--store", store.toString());
      assertThat(again.err()).containsPattern("\\(0 uploaded, [1-9] already there, 0 mounted\\)");
      assertThat(again.out().strip()).isEqualTo(digest);
    }
  }

  private static String skopeo(String... args) {
    String[] command = new String[args.length + 2];
    command[0] = HostRequirements.requireTool("skopeo", "skopeo");
    command[1] = "--insecure-policy";
    System.arraycopy(args, 0, command, 2, args.length);
    return HostRequirements.run(command);
  }

  private Path template(String name, String json) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(name));
    return Files.writeString(dir.resolve(name + ".template.json"), json);
  }
}
