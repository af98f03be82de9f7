package dev.templatestudio.app.studio.runtimes;

/**
 * Which runtime builds run on: the embedded engine, a remote {@code serve} instance (URL and
 * token) or a Docker Engine (the local one, or one at a {@code tcp://HOST:PORT} address).
 *
 * @param url   a remote runtime's URL, or a Docker Engine's address (null: the local engine)
 * @param token a remote runtime's token; null when none is known
 */
public record RuntimeChoice(Kind kind, String url, String token) {

  /** The runtime families of CONTRACT.md §2 (RUNTIME). */
  public enum Kind { EMBEDDED, REMOTE, DOCKER }

  public static final RuntimeChoice EMBEDDED = new RuntimeChoice(Kind.EMBEDDED, null, null);
  public static final RuntimeChoice DOCKER = new RuntimeChoice(Kind.DOCKER, null, null);

  public static RuntimeChoice remote(String url, String token) {
    return new RuntimeChoice(Kind.REMOTE, url, token);
  }

  /** The Docker Engine at {@code address} ({@code tcp://HOST:PORT}); null for the local engine. */
  public static RuntimeChoice docker(String address) {
    return new RuntimeChoice(Kind.DOCKER, address, null);
  }

  /**
   * The RUNTIME value of the command line: {@code embedded}, the URL, {@code docker} or
   * {@code docker:tcp://HOST:PORT}.
   */
  public String spec() {
    switch (kind) {
      case REMOTE:
        return url;
      case DOCKER:
        return url == null ? "docker" : "docker:" + url;
      default:
        return "embedded";
    }
  }

  /** What the toolbar shows. */
  public String label() {
    switch (kind) {
      case REMOTE:
        return "Remote " + url;
      case DOCKER:
        return url == null ? "Docker" : "Docker " + url;
      default:
        return "Embedded";
    }
  }

  @Override
  public String toString() {
    return label();
  }
}
