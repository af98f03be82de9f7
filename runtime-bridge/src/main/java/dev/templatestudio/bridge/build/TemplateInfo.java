package dev.templatestudio.bridge.build;

import java.util.List;

/** A built template as a runtime lists it (the remote API's {@code GET /v1/templates}). */
public record TemplateInfo(String name, List<String> tags, String ref, long sizeBytes) {
  public TemplateInfo {
    tags = tags == null ? List.of() : List.copyOf(tags);
  }
}
