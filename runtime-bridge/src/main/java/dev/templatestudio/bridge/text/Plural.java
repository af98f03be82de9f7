package dev.templatestudio.bridge.text;

/** Counts in words with the right number: "1 error", "2 errors". Pure functions. */
public final class Plural {
  private Plural() {}

  /** {@code n} and {@code noun}, with an "s" added unless {@code n} is 1. */
  public static String of(long n, String noun) {
    return n + " " + (n == 1 ? noun : noun + "s");
  }
}
