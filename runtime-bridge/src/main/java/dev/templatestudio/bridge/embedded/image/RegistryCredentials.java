package dev.templatestudio.bridge.embedded.image;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.templatestudio.bridge.io.AtomicWrite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Registry logins as Docker keeps them in {@code config.json} ({@code $DOCKER_CONFIG/config.json},
 * else {@code ~/.docker/config.json}): {@code credHelpers} per registry first, then the
 * {@code credsStore} helper, then {@code auths} ({@code auth} = base64 of user:password, or an
 * {@code identitytoken}). Logins are written in the same format, atomically and 0600, keeping
 * every field this class does not know. Read afresh for each lookup, so a {@code login} in another
 * process counts at once.
 */
public final class RegistryCredentials {
  /** The key Docker files Docker Hub under. */
  static final String HUB_KEY = "https://index.docker.io/v1/";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private final Path file;
  private final String searchPath;

  /** {@code searchPath}: where credential helpers are looked for, as PATH. */
  public RegistryCredentials(Path file, String searchPath) {
    this.file = file;
    this.searchPath = searchPath;
  }

  /** The config of this process's user: {@code $DOCKER_CONFIG}, else {@code $HOME/.docker}. */
  public static RegistryCredentials fromEnvironment(Map<String, String> env) {
    String dir = env.get("DOCKER_CONFIG");
    if (dir != null && !dir.isBlank()) {
      return new RegistryCredentials(Path.of(dir, "config.json"), env.get("PATH"));
    }
    String home = env.getOrDefault("HOME", System.getProperty("user.home"));
    return new RegistryCredentials(Path.of(home, ".docker", "config.json"), env.get("PATH"));
  }

  /** This process's user's logins. */
  public static RegistryCredentials current() {
    return fromEnvironment(System.getenv());
  }

  public Path file() {
    return file;
  }

  /**
   * The host[:port] to talk to for what a user types after {@code login}: a scheme and path are
   * dropped and Docker Hub's names become its registry host.
   */
  public static String registryHost(String typed) {
    String host = typed.strip().toLowerCase(Locale.ROOT).replaceFirst("^[a-z]+://", "");
    int slash = host.indexOf('/');
    host = slash >= 0 ? host.substring(0, slash) : host;
    return isHub(host) ? "registry-1.docker.io" : host;
  }

  /** The login for {@code registry} (host[:port]), or empty when there is none. */
  public Optional<Credential> lookup(String registry) throws ImageSourceException {
    JsonNode config = read();
    String host = registryHost(registry);
    Optional<String> helperKey = matchingKey(config.path("credHelpers"), host);
    if (helperKey.isPresent()) {
      return helper(config.path("credHelpers").path(helperKey.get()).asText()).get(serverKey(host));
    }
    if (!config.path("credsStore").asText("").isEmpty()) {
      Optional<Credential> stored = helper(config.path("credsStore").asText()).get(serverKey(host));
      if (stored.isPresent()) {
        return stored;
      }
    }
    Optional<String> key = matchingKey(config.path("auths"), host);
    if (key.isEmpty()) {
      return Optional.empty();
    }
    return fromAuths(config.path("auths").path(key.get()), key.get());
  }

  /** Writes a login for {@code registry}: to its helper when one is configured, else into {@code auths}. */
  public void store(String registry, Credential credential) throws ImageSourceException {
    ObjectNode config = read();
    String host = registryHost(registry);
    String key = serverKey(host);
    removeEntries(config, "auths", host);
    ObjectNode auths = config.get("auths") instanceof ObjectNode o ? o : config.putObject("auths");
    ObjectNode entry = auths.putObject(key);
    String helper = helperFor(config, host);
    if (helper != null) {
      // As docker login does: the secret goes to the helper, auths only names the registry.
      helper(helper).store(key, credential);
    } else if (credential.identityToken() != null) {
      entry.put("identitytoken", credential.identityToken());
    } else {
      entry.put("auth", Base64.getEncoder().encodeToString(
          (credential.username() + ":" + credential.password()).getBytes(StandardCharsets.UTF_8)));
    }
    write(config);
  }

  /** Removes the login for {@code registry}; false when there was none in the file. */
  public boolean erase(String registry) throws ImageSourceException {
    ObjectNode config = read();
    String host = registryHost(registry);
    String helper = helperFor(config, host);
    if (helper != null) {
      helper(helper).erase(serverKey(host));
    }
    boolean removed = removeEntries(config, "auths", host);
    if (removed) {
      write(config);
    }
    return removed || helper != null;
  }

  private CredentialHelper helper(String name) {
    return new CredentialHelper(name, searchPath);
  }

  private static String helperFor(JsonNode config, String host) {
    Optional<String> key = matchingKey(config.path("credHelpers"), host);
    if (key.isPresent()) {
      return config.path("credHelpers").path(key.get()).asText();
    }
    String store = config.path("credsStore").asText("");
    return store.isEmpty() ? null : store;
  }

  private Optional<Credential> fromAuths(JsonNode entry, String key) throws ImageSourceException {
    if (!entry.path("identitytoken").asText("").isEmpty()) {
      return Optional.of(new Credential(entry.path("username").asText(""), null, entry.path("identitytoken").asText()));
    }
    String auth = entry.path("auth").asText("");
    if (!auth.isEmpty()) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(auth.strip()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new ImageSourceException(file + ": the auth of \"" + key + "\" is not base64");
      }
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        throw new ImageSourceException(file + ": the auth of \"" + key + "\" is not base64 of user:password");
      }
      return Optional.of(Credential.basic(decoded.substring(0, colon), decoded.substring(colon + 1)));
    }
    if (!entry.path("password").asText("").isEmpty()) {
      return Optional.of(Credential.basic(entry.path("username").asText(""), entry.path("password").asText()));
    }
    return Optional.empty();
  }

  /** The key in {@code section} that names {@code host}, whatever scheme or path it was written with. */
  private static Optional<String> matchingKey(JsonNode section, String host) {
    for (Iterator<String> names = section.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (registryHost(name).equals(host)) {
        return Optional.of(name);
      }
    }
    return Optional.empty();
  }

  private static boolean removeEntries(ObjectNode config, String section, String host) {
    if (!(config.get(section) instanceof ObjectNode entries)) {
      return false;
    }
    List<String> names = new ArrayList<>();
    entries.fieldNames().forEachRemaining(n -> {
      if (registryHost(n).equals(host)) {
        names.add(n);
      }
    });
    entries.remove(names);
    return !names.isEmpty();
  }

  /** The name Docker files a registry under, and what its helpers are asked about. */
  static String serverKey(String host) {
    return host.equals("registry-1.docker.io") ? HUB_KEY : host;
  }

  private static boolean isHub(String host) {
    return host.equals("docker.io") || host.equals("index.docker.io") || host.equals("registry-1.docker.io");
  }

  private ObjectNode read() throws ImageSourceException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return JSON.createObjectNode();
    } catch (IOException e) {
      throw new ImageSourceException("cannot read the Docker config " + file + " (" + e.getClass().getSimpleName() + ")");
    }
    try {
      JsonNode node = JSON.readTree(bytes);
      if (node == null || node.isMissingNode()) {
        return JSON.createObjectNode();
      }
      if (!(node instanceof ObjectNode object)) {
        throw new ImageSourceException("the Docker config " + file + " is not a JSON object");
      }
      return object;
    } catch (JsonProcessingException e) {
      // Only the place: the message of a parse error quotes the text around it, which may be a secret.
      throw new ImageSourceException("the Docker config " + file + " is not valid JSON (line "
          + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
    } catch (IOException e) {
      throw new ImageSourceException("cannot read the Docker config " + file);
    }
  }

  private void write(ObjectNode config) throws ImageSourceException {
    try {
      Path dir = file.toAbsolutePath().getParent();
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      AtomicWrite.writePrivate(file, JSON.writeValueAsBytes(config));
    } catch (IOException e) {
      throw new ImageSourceException("cannot write the Docker config " + file + " (" + e.getMessage() + ")");
    }
  }
}
