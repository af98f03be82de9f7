package dev.templatestudio.bridge.server;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * The bearer token of {@code serve} (CONTRACT.md §6): read from its file, or made at random
 * into a new 0600 file on first start. Compares presented tokens in constant time. Immutable.
 */
public final class ApiToken {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final byte[] digest;

  private ApiToken(String token) {
    this.digest = sha256(token);
  }

  /** Where {@code serve} keeps its token unless told otherwise: {@code serve/token} in the store. */
  public static Path defaultFile(Path store) {
    return store.resolve("serve").resolve("token");
  }

  public static ApiToken of(String token) {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("a token cannot be empty");
    }
    return new ApiToken(token);
  }

  /**
   * The token in {@code file} (surrounding whitespace dropped); when the file does not exist, a
   * new random token written to it, readable by its owner only.
   *
   * @throws IOException when the file exists but holds no token, or cannot be read or made
   */
  public static ApiToken loadOrCreate(Path file) throws IOException {
    try {
      String token = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (token.isEmpty()) {
        throw new IOException("the token file " + file + " is empty; put a token in it or delete it to get a new one");
      }
      return new ApiToken(token);
    } catch (NoSuchFileException e) {
      String token = newToken();
      Path dir = Files.createDirectories(file.toAbsolutePath().getParent());
      // Written whole into a temp file (0600 from the start), then renamed into place: a kill at
      // any moment leaves no token file or a complete one, never an empty one that blocks a start.
      Path temp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
      try {
        Files.writeString(temp, token + "\n", StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
          ch.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temp);
      }
      return new ApiToken(token);
    }
  }

  /**
   * A warning for the operator when the token file can be read by its group or by others (who
   * could then use the server); empty when only its owner can.
   */
  public static Optional<String> exposure(Path file) throws IOException {
    Set<PosixFilePermission> mode;
    try {
      mode = Files.getPosixFilePermissions(file);
    } catch (UnsupportedOperationException e) {
      return Optional.empty();
    }
    if (!mode.contains(PosixFilePermission.GROUP_READ) && !mode.contains(PosixFilePermission.OTHERS_READ)) {
      return Optional.empty();
    }
    return Optional.of("warning: the token file " + file + " is readable by " + (mode.contains(PosixFilePermission.OTHERS_READ)
        ? "every user" : "its group") + " (" + PosixFilePermissions.toString(mode) + "); chmod 600 " + file);
  }

  /** True when {@code presented} is the token; takes the same time whatever it is. */
  public boolean matches(String presented) {
    // Comparing digests of equal length leaks neither the token's length nor a prefix.
    return presented != null && MessageDigest.isEqual(digest, sha256(presented));
  }

  private static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
