package dev.templatestudio.bridge.docker;

import dev.templatestudio.bridge.build.RuntimeUnavailableException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the Docker Engine listens: a unix socket or a plain TCP address, from the
 * {@code --runtime} spelling ({@code docker}, {@code docker:tcp://HOST:PORT},
 * {@code docker:unix:///PATH}) and, for plain {@code docker}, {@code $DOCKER_HOST} as the docker
 * CLI reads it. Immutable.
 */
public record DockerHost(String url, SocketAddress address) {
  public static final String DEFAULT_SOCKET = "unix:///var/run/docker.sock";

  /** The host for a {@code docker[:URL]} runtime spec, with {@code env} giving DOCKER_HOST. */
  public static DockerHost fromSpec(String spec, Map<String, String> env) throws RuntimeUnavailableException {
    if (!spec.equals("docker")) {
      return parse(spec.substring("docker:".length()), "the runtime " + spec, "docker:");
    }
    String fromEnv = env.get("DOCKER_HOST");
    if (fromEnv == null || fromEnv.isBlank()) {
      return parse(DEFAULT_SOCKET);
    }
    return parse(fromEnv.trim(), "DOCKER_HOST=" + fromEnv.trim(), "");
  }

  static DockerHost parse(String url) throws RuntimeUnavailableException {
    return parse(url, "\"" + url + "\"", "");
  }

  /**
   * Parses {@code url}; a refusal names it as {@code said} (where the user wrote it) and shows
   * the forms to use with {@code prefix}, as they would write them there.
   */
  private static DockerHost parse(String url, String said, String prefix) throws RuntimeUnavailableException {
    if (url.startsWith("unix://")) {
      String path = url.substring("unix://".length());
      if (path.isEmpty()) {
        throw new RuntimeUnavailableException(said + " names no socket; use " + prefix + "unix:///PATH.");
      }
      return new DockerHost(url, UnixDomainSocketAddress.of(Path.of(path)));
    }
    if (url.startsWith("tcp://")) {
      URI uri;
      try {
        uri = new URI("http://" + url.substring("tcp://".length()));
      } catch (URISyntaxException e) {
        uri = null;
      }
      if (uri == null || uri.getHost() == null || uri.getPort() < 0) {
        throw new RuntimeUnavailableException(said + " is not a Docker address; use " + prefix + "tcp://HOST:PORT.");
      }
      return new DockerHost(url, InetSocketAddress.createUnresolved(uri.getHost(), uri.getPort()));
    }
    throw new RuntimeUnavailableException(said + " is not a Docker address the docker runtime can use; use "
        + prefix + "unix:///PATH or " + prefix + "tcp://HOST:PORT (TLS is not supported).");
  }

  /** A new blocking connection to the engine. */
  SocketChannel connect() throws IOException {
    if (address instanceof InetSocketAddress a && a.isUnresolved()) {
      return SocketChannel.open(new InetSocketAddress(a.getHostString(), a.getPort()));
    }
    return SocketChannel.open(address);
  }
}
