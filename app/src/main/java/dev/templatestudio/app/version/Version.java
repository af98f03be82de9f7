package dev.templatestudio.app.version;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version Maven stamped into the jar. A package of its own at the bottom of the app: the
 * command line and the studio both say it, and neither may import the other for it.
 */
public final class Version {
  private Version() {}

  public static String get() {
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "dev";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "dev");
    } catch (IOException e) {
      return "dev";
    }
  }
}
