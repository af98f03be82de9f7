package dev.templatestudio.app.studio.runtimes;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.templatestudio.bridge.io.AtomicWrite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tokens of the remote runtimes a person has used, one per URL, so the studio can build
 * there again after a restart without asking. Kept like {@code serve}'s own token: in a file
 * only its owner may read (0600) in the app's data folder, never in the preferences.
 * Blocking I/O. Thread-safe.
 */
public final class RemoteTokens {
  private final Path file;

  /**
   * Made on first use: the studio makes a RemoteTokens while it builds its window, and a
   * mapper's classes took a tenth of a second and more of the FX thread before the first frame.
   */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  public RemoteTokens(Path file) {
    this.file = file;
  }

  /** The tokens file in the store folder. */
  public static RemoteTokens inStore(Path store) {
    return new RemoteTokens(store.resolve("remote-tokens.json"));
  }

  /** The token last used with {@code url}; null when none was kept or the file is unreadable. */
  public synchronized String forUrl(String url) {
    try {
      return read().get(url);
    } catch (IOException e) {
      return null;
    }
  }

  /** Keeps {@code token} for {@code url}; a null token forgets it. */
  public synchronized void keep(String url, String token) throws IOException {
    Map<String, String> all = read();
    if (token == null) {
      all.remove(url);
    } else {
      all.put(url, token);
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    if (!Files.exists(file)) {
      // AtomicWrite keeps the mode of the file it replaces: start it owner-only.
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    AtomicWrite.write(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(all));
  }

  private Map<String, String> read() throws IOException {
    try {
      byte[] bytes = Files.readAllBytes(file);
      if (bytes.length == 0) {
        return new TreeMap<>();
      }
      return new TreeMap<>(Json.MAPPER.readValue(bytes, new TypeReference<Map<String, String>>() { }));
    } catch (NoSuchFileException e) {
      return new TreeMap<>();
    }
  }
}
