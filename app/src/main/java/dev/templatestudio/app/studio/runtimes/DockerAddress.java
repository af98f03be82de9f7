package dev.templatestudio.app.studio.runtimes;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the address of a Docker Engine as a person types it: {@code tcp://HOST:PORT}, the form
 * {@code --runtime docker:tcp://HOST:PORT} takes (plain TCP: the docker runtime speaks no TLS).
 * Pure.
 */
final class DockerAddress {
  static final String EXAMPLE = "tcp://192.168.1.20:2375";
  private static final Pattern TCP = Pattern.compile("tcp://(\\[[0-9A-Fa-f:.]+\\]|[^:/?#\\[\\]@\\s]*)(?::([^/?#]*))?(.*)");
  private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?");

  private DockerAddress() {}

  /** What is wrong with {@code text} as an engine's address, in one sentence; null when nothing is. */
  static String problem(String text) {
    String s = text == null ? "" : text.strip();
    if (s.isEmpty()) {
      return "Enter the engine's address, such as " + EXAMPLE + ".";
    }
    if (!s.startsWith("tcp://")) {
      return s.contains("://")
          ? "Only tcp:// addresses work here (plain TCP, no TLS), such as " + EXAMPLE + "."
          : "Start the address with tcp://, such as " + EXAMPLE + ".";
    }
    Matcher m = TCP.matcher(s);
    if (!m.matches() || !(m.group(1).startsWith("[") || HOST_NAME.matcher(m.group(1)).matches())) {
      return "Give the engine's host name or IP address after tcp://, such as " + EXAMPLE + ".";
    }
    if (!m.group(3).isEmpty()) {
      return "Give only tcp://HOST:PORT, without a path or anything else after the port.";
    }
    if (m.group(2) == null || m.group(2).isEmpty()) {
      return "Add the engine's port after the host, such as :2375.";
    }
    if (!m.group(2).matches("\\d{1,5}") || Integer.parseInt(m.group(2)) < 1 || Integer.parseInt(m.group(2)) > 65535) {
      return "The port must be a number from 1 to 65535.";
    }
    return null;
  }
}
