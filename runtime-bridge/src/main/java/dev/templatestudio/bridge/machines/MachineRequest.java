package dev.templatestudio.bridge.machines;

import dev.templatestudio.bridge.template.Resources;
import java.util.Map;

/**
 * What {@code machine create} asks for: a machine of template {@code ref} that lives until
 * removed or for {@code timeoutSeconds} (0: until removed), held to {@code resources} (null or
 * null fields: the template's own) with {@code env} added to the template's runtime envs.
 * {@code fallback} (null: cold) is what to do when REF has a warm pool with no ready machine.
 * The machine has a network namespace of its own with loopback, reached through {@code publish};
 * {@code hostNetwork} shares the holder's network instead (then nothing is published).
 */
public record MachineRequest(String ref, long timeoutSeconds, Resources resources, Map<String, String> env,
    Fallback fallback, java.util.List<Publish> publish, boolean hostNetwork) {
  public MachineRequest {
    if (ref == null || ref.isBlank()) {
      throw new IllegalArgumentException("a machine needs a template ref");
    }
    if (timeoutSeconds < 0) {
      throw new IllegalArgumentException("a machine's timeout cannot be negative");
    }
    env = env == null ? Map.of() : Map.copyOf(env);
    publish = publish == null ? java.util.List.of() : java.util.List.copyOf(publish);
    if (hostNetwork && !publish.isEmpty()) {
      throw new IllegalArgumentException("--publish and --network host do not go together: on the host's "
          + "network the machine's ports are the host's own");
    }
  }

  public MachineRequest(String ref, long timeoutSeconds, Resources resources, Map<String, String> env,
      Fallback fallback) {
    this(ref, timeoutSeconds, resources, env, fallback, null, false);
  }

  public MachineRequest(String ref, long timeoutSeconds, Resources resources, Map<String, String> env) {
    this(ref, timeoutSeconds, resources, env, null);
  }

  public static MachineRequest of(String ref) {
    return new MachineRequest(ref, 0, null, Map.of());
  }

  /**
   * True when a machine of a warm pool can serve it: the template's own env, resources, no
   * timeout, its own network with nothing published.
   */
  public boolean plain() {
    return timeoutSeconds == 0 && resources == null && env.isEmpty() && publish.isEmpty() && !hostNetwork;
  }
}
