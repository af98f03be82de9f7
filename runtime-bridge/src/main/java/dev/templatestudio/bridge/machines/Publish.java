package dev.templatestudio.bridge.machines;

/**
 * {@code --publish HOSTPORT:PORT}: the holder's loopback port {@code hostPort} forwarded to port
 * {@code port} in the machine's own network namespace.
 */
public record Publish(int hostPort, int port) {
  public Publish {
    if (hostPort < 1 || hostPort > 65535 || port < 1 || port > 65535) {
      throw new IllegalArgumentException("--publish " + hostPort + ":" + port + ": give HOSTPORT:PORT, each 1 to 65535");
    }
  }

  /**
   * Reads {@code HOSTPORT:PORT}.
   *
   * @throws IllegalArgumentException in one sentence naming what was given
   */
  public static Publish parse(String text) {
    String[] parts = text.split(":", -1);
    if (parts.length != 2 || !parts[0].matches("\\d{1,5}") || !parts[1].matches("\\d{1,5}")) {
      throw new IllegalArgumentException("--publish " + text + ": give HOSTPORT:PORT, such as 8080:80");
    }
    int host = Integer.parseInt(parts[0]);
    int port = Integer.parseInt(parts[1]);
    if (host < 1 || host > 65535 || port < 1 || port > 65535) {
      throw new IllegalArgumentException("--publish " + text + ": give HOSTPORT:PORT, each 1 to 65535");
    }
    return new Publish(host, port);
  }

  @Override
  public String toString() {
    return hostPort + ":" + port;
  }
}
