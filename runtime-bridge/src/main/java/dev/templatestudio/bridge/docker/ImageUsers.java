package dev.templatestudio.bridge.docker;

import dev.templatestudio.bridge.plan.StepFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A user spec ({@code name}, {@code uid}, {@code name:group}, {@code uid:gid}) as the numeric ids
 * of a container's {@code /etc/passwd} and {@code /etc/group}, read through the engine's archive
 * API: the owner a copy step's files get. Stateless.
 */
final class ImageUsers {
  /** The most bytes of /etc/passwd or /etc/group read. */
  private static final int MAX_BYTES = 4 * 1024 * 1024;

  private ImageUsers() {}

  /** {uid, gid} of {@code spec} in the container; root's for null. */
  static int[] resolve(DockerApi api, String container, String spec) throws IOException, StepFailure {
    if (spec == null || spec.isEmpty()) {
      return new int[] {0, 0};
    }
    String user = spec.contains(":") ? spec.substring(0, spec.indexOf(':')) : spec;
    String group = spec.contains(":") ? spec.substring(spec.indexOf(':') + 1) : null;
    int uid;
    int gid;
    if (user.matches("\\d+")) {
      uid = Integer.parseInt(user);
      String[] row = find(read(api, container, "/etc/passwd"), 2, user);
      gid = row == null || !row[3].matches("\\d+") ? uid : Integer.parseInt(row[3]);
    } else {
      String[] row = find(read(api, container, "/etc/passwd"), 0, user);
      if (row == null) {
        throw new StepFailure("user " + user + " is not in the image's /etc/passwd");
      }
      uid = Integer.parseInt(row[2]);
      gid = row[3].matches("\\d+") ? Integer.parseInt(row[3]) : uid;
    }
    if (group != null) {
      if (group.matches("\\d+")) {
        gid = Integer.parseInt(group);
      } else {
        String[] row = find(read(api, container, "/etc/group"), 0, group);
        if (row == null) {
          throw new StepFailure("group " + group + " is not in the image's /etc/group");
        }
        gid = Integer.parseInt(row[2]);
      }
    }
    return new int[] {uid, gid};
  }

  private static String[] find(String table, int column, String value) {
    for (String line : table.split("\n")) {
      String[] row = line.split(":", -1);
      if (row.length > 3 && row[column].equals(value) && row[2].matches("\\d+")) {
        return row;
      }
    }
    return null;
  }

  /** The file's text, or "" when the image has none. */
  private static String read(DockerApi api, String container, String path) throws IOException {
    if (api.stat(container, path).isEmpty()) {
      return "";
    }
    try (DockerHttp.Response r = api.getArchive(container, path);
         TarArchiveInputStream tar = new TarArchiveInputStream(r.body)) {
      return tar.getNextEntry() == null ? "" : new String(tar.readNBytes(MAX_BYTES), StandardCharsets.UTF_8);
    }
  }
}
