package dev.templatestudio.bridge.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

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
      Files.createDirectories(file.toAbsolutePath().getParent());
      // Created 0600 from the start: the token is never readable by others, not even briefly.
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, token + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
      return new ApiToken(token);
    }
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
