package dev.templatestudio.bridge.io;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Makes, checks and splits {@code sha256:<hex>} digests. Stateless. */
public final class Digests {
  private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");

  private Digests() {}

  public static boolean isSha256(String digest) {
    return digest != null && SHA256.matcher(digest).matches();
  }

  /** The hex part of a digest; refuses anything that is not a sha256 digest. */
  public static String hex(String digest) {
    if (!isSha256(digest)) {
      throw new IllegalArgumentException("not a sha256 digest: " + digest);
    }
    return digest.substring("sha256:".length());
  }

  public static String of(byte[] sha256) {
    return "sha256:" + HexFormat.of().formatHex(sha256);
  }

  /** A new SHA-256 digester (every JDK has one). */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
