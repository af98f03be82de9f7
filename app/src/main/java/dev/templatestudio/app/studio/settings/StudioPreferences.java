package dev.templatestudio.app.studio.settings;

import dev.templatestudio.app.studio.runtimes.RuntimeChoice;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/**
 * What the studio remembers between runs (java.util.prefs): the window's size and layout, the
 * theme, the runtime choice with a remote runtime's URL or a Docker Engine's address (a remote
 * runtime's token is not kept here but in a 0600 file, see {@code RemoteTokens};
 * {@code TEMPLATE_STUDIO_TOKEN} wins over it) and recent files. Any thread.
 */
public final class StudioPreferences {
  static final int MAX_RECENT = 8;
  private final Preferences node;

  public StudioPreferences(Preferences node) {
    this.node = node;
  }

  /**
   * The user's preferences of the studio. A studio over its own store ({@code
   * $TEMPLATE_STUDIO_HOME}) is a separate set-up, with its own runtime choice and recent files:
   * its preferences are kept apart, under a key made from that folder.
   */
  public static StudioPreferences user() {
    String home = System.getenv("TEMPLATE_STUDIO_HOME");
    String node = home == null || home.isBlank() ? "dev/templatestudio/studio"
        : "dev/templatestudio/studio-homes/" + homeKey(Path.of(home));
    return new StudioPreferences(Preferences.userRoot().node(node));
  }

  /** A preferences node name for a store folder: short, and the same for the same folder. */
  static String homeKey(Path home) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256")
          .digest(home.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }

  /** Window bounds as x, y, width, height; null when never saved. */
  public double[] windowBounds() {
    String v = node.get("window", null);
    if (v == null) {
      return null;
    }
    try {
      double[] b = Arrays.stream(v.split(",")).mapToDouble(Double::parseDouble).toArray();
      return b.length == 4 && b[2] >= 400 && b[3] >= 300 ? b : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  public void setWindowBounds(double x, double y, double w, double h) {
    node.put("window", x + "," + y + "," + w + "," + h);
  }

  public boolean maximized() {
    return node.getBoolean("maximized", false);
  }

  public void setMaximized(boolean maximized) {
    node.putBoolean("maximized", maximized);
  }

  /** Divider positions of the named split pane; {@code fallback} when never saved. */
  public double[] dividers(String name, double[] fallback) {
    String v = node.get("dividers." + name, null);
    if (v == null) {
      return fallback;
    }
    try {
      double[] d = Arrays.stream(v.split(",")).mapToDouble(Double::parseDouble).toArray();
      return d.length == fallback.length ? d : fallback;
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  public void setDividers(String name, double[] positions) {
    StringBuilder b = new StringBuilder();
    for (double p : positions) {
      b.append(b.length() == 0 ? "" : ",").append(p);
    }
    node.put("dividers." + name, b.toString());
  }

  public boolean darkTheme() {
    return node.getBoolean("dark", false);
  }

  public void setDarkTheme(boolean dark) {
    node.putBoolean("dark", dark);
  }

  public RuntimeChoice runtime() {
    String kind = node.get("runtime.kind", RuntimeChoice.Kind.EMBEDDED.name());
    if (RuntimeChoice.Kind.REMOTE.name().equals(kind)) {
      return RuntimeChoice.remote(node.get("runtime.url", "http://127.0.0.1:7433"), System.getenv("TEMPLATE_STUDIO_TOKEN"));
    }
    if (RuntimeChoice.Kind.DOCKER.name().equals(kind)) {
      return RuntimeChoice.docker(node.get("runtime.docker", null));
    }
    return RuntimeChoice.EMBEDDED;
  }

  /** Remembers {@code choice}: the remote URL, the Docker Engine's address (none: the local engine). */
  public void setRuntime(RuntimeChoice choice) {
    node.put("runtime.kind", choice.kind().name());
    if (choice.kind() == RuntimeChoice.Kind.REMOTE) {
      node.put("runtime.url", choice.url());
    } else if (choice.kind() == RuntimeChoice.Kind.DOCKER) {
      if (choice.url() == null) {
        node.remove("runtime.docker");
      } else {
        node.put("runtime.docker", choice.url());
      }
    }
  }

  /** Recently opened or saved files, newest first. */
  public List<Path> recentFiles() {
    List<Path> out = new ArrayList<>();
    for (int i = 0; i < MAX_RECENT; i++) {
      String v = node.get("recent." + i, null);
      if (v != null) {
        out.add(Path.of(v));
      }
    }
    return out;
  }

  public void addRecentFile(Path file) {
    List<Path> list = new ArrayList<>(recentFiles());
    list.remove(file);
    list.add(0, file);
    for (int i = 0; i < MAX_RECENT; i++) {
      if (i < list.size()) {
        node.put("recent." + i, list.get(i).toString());
      } else {
        node.remove("recent." + i);
      }
    }
  }

  /** Writes pending changes to the backing store; failures only lose preferences. */
  public void flush() {
    try {
      node.flush();
    } catch (BackingStoreException e) {
      // Preferences are a convenience: losing them must not stop the studio from closing.
    }
  }
}
