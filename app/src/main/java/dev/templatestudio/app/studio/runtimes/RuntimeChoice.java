package dev.templatestudio.app.studio.runtimes;

/**
 * Which runtime builds run on: the embedded engine, a remote {@code serve} instance (URL and
 * token) or the local Docker Engine.
 */
public record RuntimeChoice(Kind kind, String url, String token) {

  /** The runtime families of CONTRACT.md §2 (RUNTIME). */
  public enum Kind { EMBEDDED, REMOTE, DOCKER }

  public static final RuntimeChoice EMBEDDED = new RuntimeChoice(Kind.EMBEDDED, null, null);
  public static final RuntimeChoice DOCKER = new RuntimeChoice(Kind.DOCKER, null, null);

  public static RuntimeChoice remote(String url, String token) {
    return new RuntimeChoice(Kind.REMOTE, url, token);
  }

  /** The RUNTIME value of the command line: {@code embedded}, the URL, or {@code docker}. */
  public String spec() {
    switch (kind) {
      case REMOTE:
        return url;
      case DOCKER:
        return "docker";
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
        return "Docker";
      default:
        return "Embedded";
    }
  }

  @Override
  public String toString() {
    return label();
  }
}
