package dev.templatestudio.bridge.template;

import com.fasterxml.jackson.databind.JsonMappingException.Reference;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Turns Jackson's reference chains into JSON paths and Java types into words. */
final class JsonPaths {
  private JsonPaths() {}

  static String of(List<Reference> references) {
    StringBuilder path = new StringBuilder("$");
    for (Reference ref : references) {
      if (ref.getFieldName() != null) {
        path.append('.').append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  static String kindOf(Class<?> type) {
    if (type == String.class) {
      return "a string";
    }
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
      return "a whole number";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    if (Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    if (Map.class.isAssignableFrom(type)) {
      return "an object of string values";
    }
    return "an object";
  }
}
