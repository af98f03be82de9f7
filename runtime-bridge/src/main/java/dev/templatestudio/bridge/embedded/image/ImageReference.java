package dev.templatestudio.bridge.embedded.image;

import java.util.regex.Pattern;

/**
 * A registry image reference, parsed by Docker's naming rules: {@code python:3.12} is
 * {@code registry-1.docker.io/library/python:3.12}, the first component is a registry host
 * only when it contains a dot or a colon or is {@code localhost}, the tag defaults to
 * {@code latest}, and {@code @sha256:...} pins a digest.
 *
 * @param registry host[:port] to talk to (docker.io becomes registry-1.docker.io)
 * @param repository path inside the registry (library/ added for official Docker Hub images)
 * @param tag the tag, or null when only a digest is given
 * @param digest the pinned manifest digest, or null
 */
public record ImageReference(String registry, String repository, String tag, String digest) {
  private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
  private static final String DOCKER_HUB = "registry-1.docker.io";

  /** Parses a reference; an ImageSourceException saying what is wrong with it otherwise. */
  public static ImageReference parse(String text) throws ImageSourceException {
    String rest = text;
    String digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
      if (!DIGEST.matcher(digest).matches()) {
        throw new ImageSourceException("image '" + text + "' has an invalid digest: expected sha256: and 64 hex digits");
      }
    }
    String tag = null;
    int slash = rest.lastIndexOf('/');
    int colon = rest.lastIndexOf(':');
    if (colon > slash) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
      if (!TAG.matcher(tag).matches()) {
        throw new ImageSourceException("image '" + text + "' has an invalid tag '" + tag + "'");
      }
    }
    String registry = "docker.io";
    int first = rest.indexOf('/');
    if (first > 0) {
      String head = rest.substring(0, first);
      if (head.contains(".") || head.contains(":") || head.equals("localhost")) {
        registry = head;
        rest = rest.substring(first + 1);
      }
    }
    if (registry.equals("docker.io") || registry.equals("index.docker.io")) {
      registry = DOCKER_HUB;
      if (!rest.contains("/")) {
        rest = "library/" + rest;
      }
    }
    if (rest.isEmpty()) {
      throw new ImageSourceException("image '" + text + "' names no repository");
    }
    for (String component : rest.split("/", -1)) {
      if (!COMPONENT.matcher(component).matches()) {
        throw new ImageSourceException("image '" + text + "' is not a valid reference: '" + component
            + "' must be lower-case letters, digits and . _ - separators");
      }
    }
    if (tag == null && digest == null) {
      tag = "latest";
    }
    return new ImageReference(registry, rest, tag, digest);
  }

  /** Tag or digest, as the manifests endpoint takes it (the digest wins when both are given). */
  public String reference() {
    return digest != null ? digest : tag;
  }

  /** Plain http only for a registry on this machine; https everywhere else. */
  public String baseUrl() {
    String host = registry.startsWith("[") ? registry.substring(0, registry.indexOf(']') + 1)
        : registry.split(":")[0];
    boolean local = host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
    return (local ? "http://" : "https://") + registry;
  }

  @Override
  public String toString() {
    return registry + "/" + repository + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
  }
}
