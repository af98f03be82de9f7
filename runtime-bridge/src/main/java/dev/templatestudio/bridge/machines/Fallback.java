package dev.templatestudio.bridge.machines;

import java.util.Locale;

/**
 * What {@code machine create REF} does when REF has a warm pool and no ready machine is in it:
 * {@code wait} for the pool, start one {@code cold}, or {@code fail} in one sentence. Without a
 * pool every choice starts one cold.
 */
public enum Fallback {
  WAIT, COLD, FAIL;

  /** {@code wait|cold|fail}, as typed; null for anything else. */
  public static Fallback parse(String word) {
    if (word == null) {
      return null;
    }
    try {
      return valueOf(word.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }
}
