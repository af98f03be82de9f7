package dev.templatestudio.bridge.embedded.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.templatestudio.bridge.embedded.store.BlobStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Private images on a real docker-registry on loopback: htpasswd basic auth, and a token realm
 * that gives tokens only for a login. Logins come from a Docker config.json (auths, identity
 * tokens, credsStore and credHelpers with a real helper program made here).
 */
class RegistryLoginTest {
  static final String USER = "alice";
  static final String PASSWORD = "s3cret-Pa55-" + Long.toHexString(System.nanoTime());
  @TempDir Path tmp;
  private Path layout;

  @BeforeEach
  void image() throws Exception {
    BlobStore source = new BlobStore(tmp.resolve("source"));
    layout = TestImages.layout(source, TestImages.busybox(source, tmp), tmp.resolve("layout"), "1");
  }

  @Test
  void aBasicAuthRegistryIsPulledWithTheLoginInConfigJsonAndRefusedWithoutIt() throws Exception {
    try (LoopbackRegistry registry = LoopbackRegistry.start(tmp.resolve("storage"), tmp,
        LoopbackRegistry.htpasswdYaml(tmp, USER, PASSWORD))) {
      String image = registry.host() + "/test/busybox:1";
      TestImages.skopeo("copy", "--dest-tls-verify=false", "--dest-creds", USER + ":" + PASSWORD,
          "oci:" + layout + ":1", "docker://" + image);

      assertThatThrownBy(() -> pull(image, config("none", "{}")))
          .isInstanceOf(ImageSourceException.class)
          .hasMessage("registry " + registry.host() + " wants a login for test/busybox; log in with "
              + "'template-studio login " + registry.host() + "'");
      RegistryCredentials wrong = config("wrong", auths("http://" + registry.host(), USER, "nope"));
      assertThatThrownBy(() -> pull(image, wrong))
          .hasMessage("registry " + registry.host() + " refused the login of alice from " + wrong.file()
              + "; log in again with 'template-studio login " + registry.host() + "'");

      ResolvedImage pulled = pull(image, config("right", auths("http://" + registry.host() + "/v2/", USER, PASSWORD)));
      assertThat(pulled.manifest().layers()).hasSize(1);

      RegistryLogin.verify(registry.host(), Credential.basic(USER, PASSWORD));
      assertThatThrownBy(() -> RegistryLogin.verify(registry.host(), Credential.basic(USER, "nope")))
          .hasMessage("registry " + registry.host() + " refused the login of alice");
      assertThat(registry.log()).doesNotContain(PASSWORD);
    }
  }

  @Test
  void aTokenRealmGivesTokensForAHelpersLoginOrAnIdentityTokenButNotAnonymously() throws Exception {
    try (LoopbackTokenServer tokens = LoopbackTokenServer.start(tmp);
         LoopbackRegistry registry = LoopbackRegistry.start(tmp.resolve("storage"), tmp, tokens.registryAuthYaml())) {
      tokens.requireLogin(USER, PASSWORD, "refresh-" + PASSWORD);
      String image = registry.host() + "/test/busybox:1";
      TestImages.skopeo("copy", "--dest-tls-verify=false", "--dest-creds", USER + ":" + PASSWORD,
          "oci:" + layout + ":1", "docker://" + image);

      assertThatThrownBy(() -> pull(image, config("none", "{}")))
          .hasMessageStartingWith("registry " + registry.host() + " refused an anonymous token for test/busybox (HTTP 401")
          .hasMessageEndingWith("; log in with 'template-studio login " + registry.host() + "'");

      Path bin = helper(tmp.resolve("bin"));
      Files.writeString(bin.resolve("helper-store.json"), "{\"ServerURL\":\"" + registry.host()
          + "\",\"Username\":\"" + USER + "\",\"Secret\":\"" + PASSWORD + "\"}");
      assertThat(pull(image, config("store", "{\"credsStore\":\"test\"}", bin)).manifest().layers()).hasSize(1);
      assertThat(pull(image, config("helpers", "{\"credHelpers\":{\"" + registry.host() + "\":\"test\"}}", bin))
          .manifest().layers()).hasSize(1);
      assertThatThrownBy(() -> pull(image, config("lost", "{\"credsStore\":\"gone\"}", bin)))
          .hasMessage("the credential helper docker-credential-gone named in the Docker config is not on PATH");

      String identity = "{\"auths\":{\"" + registry.host() + "\":{\"identitytoken\":\"refresh-" + PASSWORD + "\"}}}";
      assertThat(pull(image, config("identity", identity)).manifest().layers()).hasSize(1);
      assertThat(tokens.requests()).anyMatch(q -> q.contains("grant_type=refresh_token"));

      RegistryLogin.verify(registry.host(), Credential.basic(USER, PASSWORD));
      assertThatThrownBy(() -> RegistryLogin.verify(registry.host(), Credential.basic(USER, "nope")))
          .hasMessageStartingWith("the token service of " + registry.host() + " refused the login of alice (HTTP 401");
    }
  }

  @Test
  void loginsAreWrittenInDockersFormatOwnerOnlyKeepingOtherFieldsAndErased() throws Exception {
    Path dir = tmp.resolve("docker");
    RegistryCredentials credentials = RegistryCredentials.fromEnvironment(Map.of("DOCKER_CONFIG", dir.toString()));
    credentials.store("https://registry.example/v2/", Credential.basic(USER, PASSWORD));
    String written = Files.readString(dir.resolve("config.json"));
    String auth = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    assertThat(written).contains("\"registry.example\"").contains("\"auth\" : \"" + auth + "\"");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("config.json"))))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
    assertThat(credentials.lookup("registry.example")).contains(Credential.basic(USER, PASSWORD));
    assertThat(credentials.lookup("registry.example").orElseThrow().toString()).doesNotContain(PASSWORD);

    Files.writeString(dir.resolve("config.json"), written.replaceFirst("\\{", "{\"psFormat\":\"table\","));
    credentials.store("docker.io", Credential.basic("bob", PASSWORD));
    assertThat(Files.readString(dir.resolve("config.json"))).contains("\"psFormat\" : \"table\"")
        .contains("\"" + RegistryCredentials.HUB_KEY + "\"");
    assertThat(credentials.lookup("index.docker.io")).contains(Credential.basic("bob", PASSWORD));
    assertThat(credentials.erase("registry.example")).isTrue();
    assertThat(credentials.erase("registry.example")).isFalse();
    assertThat(credentials.lookup("registry.example")).isEmpty();

    Path bin = helper(tmp.resolve("bin"));
    RegistryCredentials helped = config("helped", "{\"credsStore\":\"test\"}", bin);
    helped.store("127.0.0.1:5999", Credential.basic(USER, PASSWORD));
    assertThat(Files.readString(helped.file())).doesNotContain(PASSWORD).contains("\"127.0.0.1:5999\" : { }");
    assertThat(Files.readString(bin.resolve("helper-store.json"))).contains(PASSWORD);
    assertThat(helped.lookup("127.0.0.1:5999")).contains(Credential.basic(USER, PASSWORD));
    helped.erase("127.0.0.1:5999");
    assertThat(bin.resolve("helper-store.json")).doesNotExist();

    Files.writeString(dir.resolve("config.json"), "{\"auths\": {\"x\": " + PASSWORD + "}}");
    assertThatThrownBy(() -> credentials.lookup("x"))
        .hasMessage("the Docker config " + dir.resolve("config.json") + " is not valid JSON (line 1, column 24)");
  }

  private ResolvedImage pull(String image, RegistryCredentials credentials) throws Exception {
    try {
      return RegistrySource.resolve(image, new BlobStore(Files.createTempDirectory(tmp, "store")), PullProgress.NONE,
          credentials);
    } catch (ImageSourceException e) {
      assertThat(e.getMessage()).doesNotContain(PASSWORD);
      throw e;
    }
  }

  private RegistryCredentials config(String name, String json) throws Exception {
    return config(name, json, tmp.resolve("no-helpers"));
  }

  private RegistryCredentials config(String name, String json, Path path) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("config-" + name));
    Files.writeString(dir.resolve("config.json"), json);
    return new RegistryCredentials(dir.resolve("config.json"), path.toString());
  }

  private static String auths(String key, String user, String password) {
    String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return "{\"auths\":{\"" + key + "\":{\"auth\":\"" + auth + "\"}}}";
  }

  private static Path helper(Path dir) throws Exception {
    return CredentialHelperScript.install(dir);
  }
}
