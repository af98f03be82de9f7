package dev.templatestudio.bridge.template;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Defensive copies for the model's records. Unlike {@code List.copyOf} they keep null elements,
 * so a JSON document with {@code [null]} reaches validation (and a message with its place)
 * instead of failing with a NullPointerException; and maps keep their insertion order, which
 * is the order a user wrote the variables in.
 */
final class Values {
  private Values() {}

  static <T> List<T> list(List<T> values) {
    return values == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(values));
  }

  static Map<String, String> map(Map<String, String> values) {
    return values == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }
}
