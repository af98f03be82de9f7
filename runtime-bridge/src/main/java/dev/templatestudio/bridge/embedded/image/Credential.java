package dev.templatestudio.bridge.embedded.image;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A registry login as Docker keeps it: a user name with a password, or an identity token (an
 * OAuth2 refresh token some registries hand out instead of a password). {@link #toString()}
 * never shows the secret, so a credential logged or put in a message by mistake leaks nothing.
 *
 * @param username the user; may be empty with an identity token
 * @param password the password, or null with an identity token
 * @param identityToken the refresh token, or null
 */
public record Credential(String username, String password, String identityToken) {

  /** A user name and password. */
  public static Credential basic(String username, String password) {
    return new Credential(username, password, null);
  }

  /** The {@code Authorization} value for HTTP basic auth, or null when this is an identity token. */
  String basicHeader() {
    if (password == null) {
      return null;
    }
    return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** The secret itself (password or identity token), for code that must hide it from output. */
  public String secret() {
    return identityToken != null ? identityToken : password;
  }

  @Override
  public String toString() {
    return "Credential[" + (username == null || username.isEmpty() ? "identity token" : username) + ", ***]";
  }
}
