package dev.templatestudio.app.studio.workspace;

import dev.templatestudio.app.studio.document.TemplateDocument;
import dev.templatestudio.app.studio.logview.StepProgress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.collections.FXCollections;
import javafx.collections.MapChangeListener;
import javafx.collections.ObservableMap;

/**
 * The last build's state of each part of the document as it is now. A build reports its states
 * by the positions of the template it built; this maps them through the steps' identities to
 * where those steps are now, so a state stays on its step when others are inserted, moved or
 * deleted, and a step added since has none. FX thread.
 */
final class PartStates {
  private final TemplateDocument document;
  private final ObservableMap<Integer, StepProgress> built;
  private final ObservableMap<Integer, StepProgress> shown = FXCollections.observableHashMap();
  /** The identities of the parts of the template last built; null before a build. */
  private List<Long> builtIds;
  /** Built position to position now, for the parts that are still there. */
  private final Map<Integer, Integer> nowOf = new HashMap<>();

  PartStates(TemplateDocument document, ObservableMap<Integer, StepProgress> built) {
    this.document = document;
    this.built = built;
    built.addListener((MapChangeListener<Integer, StepProgress>) c -> {
      Integer now = position(c.getKey());
      if (now != null) {
        if (c.wasAdded()) {
          shown.put(now, c.getValueAdded());
        } else if (!built.containsKey(c.getKey())) {
          shown.remove(now);
        }
      }
    });
    document.templateProperty().addListener((o, a, t) -> remap());
    remap();
  }

  /** The states, keyed by part as the document has them now. */
  ObservableMap<Integer, StepProgress> states() {
    return shown;
  }

  /**
   * Where part {@code now} of the document was in the template last built (the step number its
   * build knows it by); -1 for a part added since.
   */
  int builtPart(int now) {
    if (builtIds == null) {
      return now;
    }
    for (Map.Entry<Integer, Integer> e : nowOf.entrySet()) {
      if (e.getValue() == now) {
        return e.getKey();
      }
    }
    return -1;
  }

  /** A build of the document as it is now starts: its states are keyed by today's positions. */
  void building() {
    builtIds = document.partIds();
    remap();
  }

  private Integer position(int builtPart) {
    return builtIds == null ? Integer.valueOf(builtPart) : nowOf.get(builtPart);
  }

  private void remap() {
    nowOf.clear();
    if (builtIds != null) {
      Map<Long, Integer> index = new HashMap<>();
      List<Long> ids = document.partIds();
      for (int p = 0; p < ids.size(); p++) {
        index.put(ids.get(p), p);
      }
      for (int b = 0; b < builtIds.size(); b++) {
        Integer now = index.get(builtIds.get(b));
        if (now != null) {
          nowOf.put(b, now);
        }
      }
    }
    Map<Integer, StepProgress> next = new HashMap<>();
    built.forEach((part, state) -> {
      Integer now = position(part);
      if (now != null) {
        next.put(now, state);
      }
    });
    shown.keySet().retainAll(next.keySet());
    next.forEach((part, state) -> {
      if (!state.equals(shown.get(part))) {
        shown.put(part, state);
      }
    });
  }
}
