package dev.templatestudio.bridge.embedded.step;

import dev.templatestudio.bridge.plan.StepFailure;
import java.io.IOException;
import java.util.Optional;

/**
 * A user inside an image, resolved to numbers from the image's own /etc/passwd and
 * /etc/group (never the host's). Immutable.
 */
public record ImageUser(int uid, int gid, String home) {
  public static final ImageUser ROOT = new ImageUser(0, 0, "/root");

  /**
   * Resolves {@code user[:group]} (names or numbers) in the image.
   *
   * @throws StepFailure when a name is not in the image
   */
  public static ImageUser resolve(String spec, LayerStack image) throws IOException, StepFailure {
    if (spec == null || spec.isBlank()) {
      return ROOT;
    }
    String userPart = spec;
    String groupPart = null;
    int colon = spec.indexOf(':');
    if (colon >= 0) {
      userPart = spec.substring(0, colon);
      groupPart = spec.substring(colon + 1);
    }
    String passwd = image.readString("/etc/passwd").orElse("");
    Integer uid = null;
    Integer gid = null;
    String home = "/";
    for (String line : passwd.split("\n")) {
      String[] f = line.split(":", -1);
      if (f.length >= 6 && (f[0].equals(userPart) || f[2].equals(userPart))) {
        uid = parse(f[2]);
        gid = parse(f[3]);
        home = f[5].isEmpty() ? "/" : f[5];
        break;
      }
    }
    if (uid == null) {
      uid = parse(userPart);
      if (uid == null) {
        throw new StepFailure("user \"" + userPart + "\" is not in the image's /etc/passwd");
      }
      gid = uid;
    }
    if (groupPart != null && !groupPart.isEmpty()) {
      gid = group(groupPart, image);
    }
    return new ImageUser(uid, gid == null ? uid : gid, home);
  }

  private static int group(String name, LayerStack image) throws IOException, StepFailure {
    Optional<String> groups = image.readString("/etc/group");
    for (String line : groups.orElse("").split("\n")) {
      String[] f = line.split(":", -1);
      if (f.length >= 3 && f[0].equals(name)) {
        Integer gid = parse(f[2]);
        if (gid != null) {
          return gid;
        }
      }
    }
    Integer gid = parse(name);
    if (gid == null) {
      throw new StepFailure("group \"" + name + "\" is not in the image's /etc/group");
    }
    return gid;
  }

  private static Integer parse(String s) {
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
