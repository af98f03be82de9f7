package dev.templatestudio.bridge.dockerfile;

import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.Step;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One stage of a Dockerfile while it is imported: what its FROM said and the steps so far, each
 * with the place it came from. The last stage becomes the template's own base and steps, the
 * others its build stages. Not thread-safe: belongs to one {@link ImportSession}.
 */
final class StageDraft {
  /** The name after AS, lower-cased as Docker compares it; null until something needs one. */
  String name;
  final int index;
  final ImportResult.Place fromPlace;
  Base base;
  List<String> shell = List.of();
  final List<Step> steps = new ArrayList<>();
  final List<ImportResult.Place> places = new ArrayList<>();
  /** The last WORKDIR, for relative ones after it. */
  String workdir;
  /** ARG and ENV values as far as they can be known here, for EXPOSE $PORT. */
  final Map<String, String> scope = new LinkedHashMap<>();

  StageDraft(int index, ImportResult.Place fromPlace) {
    this.index = index;
    this.fromPlace = fromPlace;
  }

  /** The name that stages referring to this one use; an unnamed stage gets {@code stageN}. */
  String referenceName() {
    if (name == null) {
      name = "stage" + index;
    }
    return name;
  }
}
