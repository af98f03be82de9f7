package dev.templatestudio.bridge.embedded.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What one sandboxed process sees: the layer stack (top first) under an overlay whose upper
 * dir receives every change, the command (argv inside the image), its exact environment, the
 * user and working directory inside the image, whether it shares the host's network, and the
 * resources it may use.
 *
 * @param lowers unpacked layer dirs, top layer first; at least one
 * @param upper  an empty dir (or a machine's throwaway upper) on the same file system as work
 * @param work   an empty dir for overlayfs's own use
 * @param merged an empty dir the overlay is mounted on (inside the sandbox only)
 * @param uid    numeric user inside the image, or null for root
 * @param gid    numeric group inside the image, or null for the user's own
 * @param limits what the sandbox and all it starts may use together
 * @param mounts what a run step mounts over the image (RUN --mount), in order
 */
public record SandboxSpec(List<Path> lowers, Path upper, Path work, Path merged,
    List<String> command, Map<String, String> env, Integer uid, Integer gid, String workdir,
    boolean network, ResourceLimits limits, List<SandboxMount> mounts) {

  /** A spec without mounts of its own. */
  public SandboxSpec(List<Path> lowers, Path upper, Path work, Path merged, List<String> command,
      Map<String, String> env, Integer uid, Integer gid, String workdir, boolean network, ResourceLimits limits) {
    this(lowers, upper, work, merged, command, env, uid, gid, workdir, network, limits, List.of());
  }

  /** A spec with {@link ResourceLimits#NONE}: the default process limit only. */
  public SandboxSpec(List<Path> lowers, Path upper, Path work, Path merged, List<String> command,
      Map<String, String> env, Integer uid, Integer gid, String workdir, boolean network) {
    this(lowers, upper, work, merged, command, env, uid, gid, workdir, network, ResourceLimits.NONE);
  }

  public SandboxSpec {
    if (lowers.isEmpty()) {
      throw new IllegalArgumentException("an overlay needs at least one lower dir");
    }
    lowers = List.copyOf(lowers);
    command = List.copyOf(command);
    env = Map.copyOf(env);
    limits = limits == null ? ResourceLimits.NONE : limits;
    mounts = mounts == null ? List.of() : List.copyOf(mounts);
  }
}
