package dev.templatestudio.bridge.build;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Replaces secret values with {@code ***} in any text that leaves a build. Immutable. */
public final class SecretMasker {
  private final List<String> values;

  public SecretMasker(Collection<String> secretValues) {
    // Longest first, so a secret that contains another is masked whole.
    this.values = secretValues.stream().filter(v -> v != null && !v.isEmpty())
        .sorted(Comparator.comparingInt(String::length).reversed()).toList();
  }

  public static SecretMasker none() {
    return new SecretMasker(List.of());
  }

  public String mask(String text) {
    if (text == null || values.isEmpty()) {
      return text;
    }
    String out = text;
    for (String v : values) {
      out = out.replace(v, "***");
    }
    return out;
  }
}
