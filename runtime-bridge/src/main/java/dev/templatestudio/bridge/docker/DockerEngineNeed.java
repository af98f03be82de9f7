package dev.templatestudio.bridge.docker;

import dev.templatestudio.bridge.build.RuntimeUnavailableException;
import dev.templatestudio.bridge.host.HostFacts;
import dev.templatestudio.bridge.host.Need;
import java.io.IOException;
import java.util.Map;

/**
 * What the docker runtime needs: a Docker Engine answering where {@code --runtime docker} looks
 * ({@code $DOCKER_HOST}, else {@code /var/run/docker.sock}). Not installed is missing; installed
 * but not answering is off, with the command that starts it. The docker runtime says the same
 * sentence when it cannot connect. Stateless; {@link #check} connects, so not on a UI thread.
 */
public final class DockerEngineNeed {
  static final String SUBJECT = "Docker Engine";

  private DockerEngineNeed() {}

  /** Asks the engine for its version. */
  public static Need check(HostFacts facts) {
    DockerHost host;
    try {
      host = DockerHost.fromSpec("docker", Map.of("DOCKER_HOST", facts.env("DOCKER_HOST").orElse("")));
    } catch (RuntimeUnavailableException e) {
      return Need.missing(SUBJECT, e.getMessage().replaceFirst("\\.$", ""), "unset DOCKER_HOST to use the local engine");
    }
    if (host.url().startsWith("unix://")) {
      // The socket as this machine has it (the same path, unless a test gave the facts a root).
      host = new DockerHost(host.url(), java.net.UnixDomainSocketAddress.of(
          facts.path(host.url().substring("unix://".length()))));
    }
    try {
      DockerApi api = DockerApi.connect(host);
      return Need.ok(SUBJECT, "answers at " + host.url() + " (API " + api.version() + ")");
    } catch (IOException e) {
      Throwable why = e instanceof Unreachable && e.getCause() != null ? e.getCause() : e;
      return unreachable(facts, host, why.getMessage() == null ? "no answer" : why.getMessage());
    }
  }

  /** Nothing answers at {@code host}: why, as far as this machine can tell, and how to change that. */
  static Need unreachable(HostFacts facts, DockerHost host, String reason) {
    String detail = "cannot reach the Docker Engine at " + host.url() + ": " + reason;
    String sudo = facts.isRoot() ? "" : "sudo ";
    if (!host.url().startsWith("unix://")) {
      return Need.off(SUBJECT, detail, "start the Docker Engine there, or unset DOCKER_HOST to use the local one");
    }
    if (reason.toLowerCase(java.util.Locale.ROOT).contains("permission denied")) {
      return Need.off(SUBJECT, detail, sudo + "usermod -aG docker " + facts.env("USER").orElse("$USER")
          + ", then log in again");
    }
    if (!host.url().equals(DockerHost.DEFAULT_SOCKET)) {
      return Need.off(SUBJECT, detail, "start a Docker Engine on that socket (dockerd --host " + host.url() + ")");
    }
    if (facts.tool("dockerd").isEmpty()) {
      return Need.missing(SUBJECT, detail, sudo + "apt-get install docker.io");
    }
    return Need.off(SUBJECT, detail, sudo + (facts.exists("/run/systemd/system") ? "systemctl start docker"
        : "service docker start"));
  }

  /** The docker runtime's failure to connect, saying what doctor says; the cause is the connection's. */
  static final class Unreachable extends RuntimeUnavailableException {
    private static final long serialVersionUID = 1L;

    Unreachable(Need need, Throwable cause) {
      super(need.sentence(), cause);
    }
  }
}
