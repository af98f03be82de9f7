package dev.templatestudio.bridge.plan;

import dev.templatestudio.bridge.context.CopySourceException;
import dev.templatestudio.bridge.context.CopySources;
import dev.templatestudio.bridge.context.DockerIgnore;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.Mount;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a template's RUN mounts mean before any runtime mounts them, the same on every runtime
 * (BuildKit's meaning): which context files each bind mount takes and the inputs they give the
 * step's cache key, a cache mount's id, a secret mount's id, value, variable and file, and the
 * rules every target and source keeps (absolute, never climbing with {@code ..}, never the
 * root, /proc or /dev). The embedded runtime's {@code RunMounts} and the docker runtime's
 * {@code RunMountsOnDocker} mount what this says. Mounts are keyed {@code "STEP/MOUNT"} (step
 * from 1, mount from 0). Pure but for reading the context.
 */
public final class RunMountPlan {
  /** What a bind's files are selected for: no folder, so that one file given by name stands for itself. */
  private static final String COPIED = "/bound";

  private RunMountPlan() {}

  /** How a runtime finds a bind mount's stage or image, and the content digest that keys it. */
  @FunctionalInterface
  public interface FromSources {
    /** The digest of {@code from} for the mount at {@code key}; the runtime keeps what it needs to mount it. */
    String digestOf(String key, Base from) throws IOException, StepFailure;
  }

  /**
   * What every bind mount of some steps takes.
   *
   * @param inputs the inputs of the steps' cache keys
   * @param contextFiles by mount key, the context files a bind of the context takes
   */
  public record Binds(BuildPlan.Inputs inputs, Map<String, List<CopySources.Entry>> contextFiles) {}

  /**
   * Selects and hashes what every bind mount of {@code steps} takes, before any step runs (a
   * source outside the context fails the build at once): the inputs of their cache keys.
   */
  public static Binds binds(List<Step> steps, Path context, FromSources from) throws StepFailure, IOException {
    Map<Integer, Map<String, String>> hashes = new HashMap<>();
    Map<String, List<CopySources.Entry>> files = new HashMap<>();
    DockerIgnore ignore = null;
    for (int i = 1; i <= steps.size(); i++) {
      if (!(steps.get(i - 1) instanceof RunStep run)) {
        continue;
      }
      Map<String, String> inputs = new LinkedHashMap<>();
      for (int k = 0; k < run.mounts().size(); k++) {
        Mount m = run.mounts().get(k);
        if (!m.type().equals("bind")) {
          continue;
        }
        String where = "step " + i + ": mount " + (k + 1) + " (bind " + m.target() + ")";
        if (m.from() != null) {
          inputs.put("from " + m.from().reference(), from.digestOf(i + "/" + k, m.from()));
          continue;
        }
        if (context == null || !Files.isDirectory(context)) {
          throw new StepFailure(where + " needs a build context folder, and " + (context == null
              ? "none was given" : context + " is not one"));
        }
        ignore = ignore == null ? DockerIgnore.load(context) : ignore;
        String source = m.source() == null ? "." : m.source();
        try {
          List<CopySources.Entry> entries = CopySources.select(context, new CopyStep(List.of(source), COPIED), ignore);
          files.put(i + "/" + k, entries);
          inputs.putAll(InputHasher.hash(entries));
        } catch (CopySourceException e) {
          throw new StepFailure(where + ": " + e.getMessage().replace("copy source", "bind source"));
        }
      }
      if (!inputs.isEmpty()) {
        hashes.put(i, inputs);
      }
    }
    return new Binds(new BuildPlan.Inputs(Map.of(), hashes), files);
  }

  /** The id of cache mount {@code m} (its target when it names none); a seeded cache is refused. */
  public static String cacheId(Mount m) throws StepFailure {
    if (m.from() != null || m.source() != null) {
      throw new StepFailure("a cache mount seeded from a source (from, source) is not built yet");
    }
    return m.id() != null ? m.id() : m.target();
  }

  /**
   * A secret mount as given to a step.
   *
   * @param value the secret's value
   * @param env the variable it is also in, or null
   * @param file the absolute file it is at, or null when it is only a variable
   */
  public record Secret(String value, String env, String file) {}

  /**
   * Secret mount {@code m} with the build's {@code secrets}; empty when the secret was not given
   * and is not required (as BuildKit: not mounted).
   *
   * @throws StepFailure for a required secret without a value
   */
  public static Optional<Secret> secret(Mount m, Map<String, String> secrets) throws StepFailure {
    String id = m.id() != null ? m.id() : m.target().substring(m.target().lastIndexOf('/') + 1);
    String value = secrets.get(id);
    if (value == null) {
      if (Boolean.TRUE.equals(m.required())) {
        throw new StepFailure("secret " + id + " is required, and the build was given no value for it"
            + " (give it with --secret " + id + ")");
      }
      return Optional.empty();
    }
    String file = m.target() == null && m.env() != null ? null
        : m.target() != null ? m.target() : "/run/secrets/" + id;
    return Optional.of(new Secret(value, m.env(), file));
  }

  /**
   * A tmpfs mount's {@code size} ({@code 64m}, {@code 64mb}, {@code 65536}: the template's form)
   * in bytes, or null when none is given.
   */
  public static Long tmpfsBytes(String size) {
    if (size == null) {
      return null;
    }
    String s = size.replaceAll("[bB]$", "");
    char unit = Character.toLowerCase(s.charAt(s.length() - 1));
    int shift = unit == 'k' ? 10 : unit == 'm' ? 20 : unit == 'g' ? 30 : 0;
    return Long.parseLong(shift == 0 ? s : s.substring(0, s.length() - 1)) << shift;
  }

  /** Refuses a mount target that is not absolute or climbs with {@code ..}. */
  public static void checkTarget(String target) throws StepFailure {
    if (target == null || !target.startsWith("/")) {
      throw new StepFailure("the mount target \"" + target + "\" is not an absolute path");
    }
    refuseClimbing("mount target", target);
  }

  /**
   * Refuses where a target resolved to ({@code rel}, relative to the image's root, as the
   * runtime resolved {@code target}): the root itself, /proc or /dev.
   */
  public static void checkResolved(String rel, String target) throws StepFailure {
    if (rel.isEmpty()) {
      throw new StepFailure("the mount target " + target + " is the image's root, which a mount may not hide");
    }
    for (String kernel : List.of("proc", "dev")) {
      if (rel.equals(kernel) || rel.startsWith(kernel + "/")) {
        throw new StepFailure("the mount target " + target + " is inside /" + kernel + ", where no mount may go");
      }
    }
  }

  /** Refuses a path ({@code what}: "bind source", "mount target") that climbs with {@code ..}. */
  public static void refuseClimbing(String what, String path) throws StepFailure {
    if (List.of(path.split("/")).contains("..")) {
      throw new StepFailure("the " + what + " " + path + " climbs with \"..\", which a mount never does");
    }
  }
}
