package dev.templatestudio.app.studio.inspector;

import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.Template;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import javafx.application.Platform;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Tooltip;

/**
 * Where a copy takes its files from: the build context, a build stage above (listed) or an
 * image (typed, after picking "image…"). An editable combo whose choice is one edit. FX thread.
 */
final class FromChoice {
  static final String CONTEXT = "build context";
  static final String IMAGE = "image\u2026";

  private FromChoice() {}

  /**
   * @param stages the stages the step may take files from
   */
  static ComboBox<String> combo(FormBinder b, InspectorViewModel vm, String path, List<String> stages,
      Function<Template, Base> get, BiFunction<Template, Base, Template> set) {
    ComboBox<String> combo = new ComboBox<>();
    combo.setId(path.replaceAll("[^A-Za-z0-9]", "-"));
    combo.setEditable(true);
    combo.setMaxWidth(Double.MAX_VALUE);
    combo.setTooltip(new Tooltip("The build context, a build stage, or an image (pick image\u2026 and type it)"));
    List<String> items = new ArrayList<>();
    items.add(CONTEXT);
    items.addAll(stages);
    items.add(IMAGE);
    combo.getItems().setAll(items);
    boolean[] pulling = new boolean[1];
    Runnable pull = () -> {
      Base now = get.apply(vm.template());
      String text = now == null ? CONTEXT : now.reference();
      if (!text.equals(combo.getValue())) {
        pulling[0] = true;
        try {
          combo.setValue(text);
        } finally {
          pulling[0] = false;
        }
      }
    };
    combo.valueProperty().addListener((o, was, v) -> {
      if (pulling[0]) {
        return;
      }
      if (IMAGE.equals(v)) {
        // Not a value: the person types the image's name next.
        Platform.runLater(() -> {
          pulling[0] = true;
          try {
            combo.setValue(null);
          } finally {
            pulling[0] = false;
          }
          combo.getEditor().clear();
          combo.setPromptText("an image, such as nginx:1.27");
          combo.getEditor().requestFocus();
        });
        return;
      }
      Base from = v == null || v.isBlank() || CONTEXT.equals(v) ? null
          : stages.contains(v.strip()) ? Base.stage(v.strip()) : Base.image(v.strip());
      vm.edit("Change copy from", t -> set.apply(t, from));
    });
    b.custom(() -> combo, path, pull);
    return combo;
  }
}
