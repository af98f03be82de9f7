package dev.templatestudio.bridge.embedded.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What one sandboxed process sees: the layer stack (top first) under an overlay whose upper
 * dir receives every change, the command (argv inside the image), its exact environment, the
 * user and working directory inside the image, and whether it shares the host's network.
 *
 * @param lowers unpacked layer dirs, top layer first; at least one
 * @param upper  an empty dir (or a machine's throwaway upper) on the same file system as work
 * @param work   an empty dir for overlayfs's own use
 * @param merged an empty dir the overlay is mounted on (inside the sandbox only)
 * @param uid    numeric user inside the image, or null for root
 * @param gid    numeric group inside the image, or null for the user's own
 */
public record SandboxSpec(List<Path> lowers, Path upper, Path work, Path merged,
    List<String> command, Map<String, String> env, Integer uid, Integer gid, String workdir,
    boolean network) {

  public SandboxSpec {
    if (lowers.isEmpty()) {
      throw new IllegalArgumentException("an overlay needs at least one lower dir");
    }
    lowers = List.copyOf(lowers);
    command = List.copyOf(command);
    env = Map.copyOf(env);
  }
}
