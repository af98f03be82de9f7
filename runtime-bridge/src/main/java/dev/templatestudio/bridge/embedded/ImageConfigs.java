package dev.templatestudio.bridge.embedded;

import dev.templatestudio.bridge.embedded.oci.ImageConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small edits of an image run config (records are immutable). Stateless. */
final class ImageConfigs {
  static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private ImageConfigs() {}

  static ImageConfig.Config withEnv(ImageConfig.Config c, Map<String, String> vars) {
    Map<String, String> env = envMap(c);
    env.putAll(vars);
    return new ImageConfig.Config(c.user(), envList(env), c.entrypoint(), c.cmd(), c.workingDir(),
        c.labels(), c.exposedPorts());
  }

  /** An env map as a config's {@code Env}: {@code K=V} in the map's order. */
  static List<String> envList(Map<String, String> env) {
    List<String> list = new ArrayList<>();
    env.forEach((k, v) -> list.add(k + "=" + v));
    return list;
  }

  static ImageConfig.Config withWorkdir(ImageConfig.Config c, String workdir) {
    String dir = workdir.startsWith("/") ? workdir
        : (c.workingDir() == null ? "/" : c.workingDir()) + "/" + workdir;
    dir = java.nio.file.Path.of("/").resolve(dir).normalize().toString();
    return new ImageConfig.Config(c.user(), c.env(), c.entrypoint(), c.cmd(), dir, c.labels(),
        c.exposedPorts());
  }

  static ImageConfig.Config withUser(ImageConfig.Config c, String user) {
    return new ImageConfig.Config(user, c.env(), c.entrypoint(), c.cmd(), c.workingDir(),
        c.labels(), c.exposedPorts());
  }

  static ImageConfig.Config withStart(ImageConfig.Config c, List<String> cmd, Map<String, String> labels) {
    Map<String, String> all = new LinkedHashMap<>(c.labels() == null ? Map.of() : c.labels());
    all.putAll(labels);
    return new ImageConfig.Config(c.user(), c.env(), cmd == null ? c.entrypoint() : null,
        cmd == null ? c.cmd() : cmd, c.workingDir(), all.isEmpty() ? null : all, c.exposedPorts());
  }

  /** The config's Env as an ordered map, with a default PATH when the image has none. */
  static Map<String, String> envMap(ImageConfig.Config c) {
    Map<String, String> env = new LinkedHashMap<>();
    if (c.env() != null) {
      for (String kv : c.env()) {
        int eq = kv.indexOf('=');
        if (eq > 0) {
          env.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
      }
    }
    env.putIfAbsent("PATH", DEFAULT_PATH);
    return env;
  }
}
