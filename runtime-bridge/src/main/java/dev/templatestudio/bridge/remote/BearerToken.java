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
   * @param what  what a refusal calls the token, naming where it came from as the user would
   *              recognise it ({@code the token in --token-file F})
   * @throws RuntimeUnavailableException naming {@code what} when the token is empty or not one
   *                                     line of visible ASCII
   */
  public static String check(String token, String what) throws RuntimeUnavailableException {
    String t = token.strip();
    if (t.isEmpty()) {
      throw new RuntimeUnavailableException(what + " is empty");
    }
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        // The character itself is not shown: it is part of a secret.
        throw new RuntimeUnavailableException(what + " is not one line of visible ASCII "
            + "characters: it has " + kind(c));
      }
    }
    return t;
  }

  private static String kind(char c) {
    if (c == '\n' || c == '\r') {
      return "a line break";
    }
    if (c == '\t') {
      return "a tab";
    }
    if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
      return "a space";
    }
    return c > 0x7e ? "a character outside ASCII" : "a control character";
  }
}
