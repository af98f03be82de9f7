package dev.templatestudio.bridge.remote;

import dev.templatestudio.bridge.build.RuntimeUnavailableException;

/**
 * Checks a bearer token before it goes into an {@code Authorization} header, which takes one
 * line of visible ASCII: a token file with two lines or a typographic character would otherwise
 * fail deep in the HTTP client, far from where the token came from. Stateless.
 */
public final class BearerToken {
  private BearerToken() {}

  /**
   * The token without surrounding whitespace.
   *
   * @param from where the token came from, as the user would recognise it
   *             ({@code --token-file F}, {@code TEMPLATE_STUDIO_TOKEN})
   * @throws RuntimeUnavailableException naming {@code from} when the token is empty or not one
   *                                     line of visible ASCII
   */
  public static String check(String token, String from) throws RuntimeUnavailableException {
    String t = token.strip();
    if (t.isEmpty()) {
      throw new RuntimeUnavailableException(from + " holds no token");
    }
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        // The character itself is not shown: it is part of a secret.
        throw new RuntimeUnavailableException("the token from " + from + " is not one line of visible ASCII "
            + "characters: it has " + kind(c));
      }
    }
    return t;
  }

  private static String kind(char c) {
    if (c == '\n' || c == '\r') {
      return "a line break";
    }
    if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
      return "a space";
    }
    return c > 0x7e ? "a character outside ASCII" : "a control character";
  }
}
