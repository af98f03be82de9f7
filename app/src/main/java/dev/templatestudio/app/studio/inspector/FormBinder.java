package dev.templatestudio.app.studio.inspector;

import dev.templatestudio.bridge.template.Mount;
import dev.templatestudio.bridge.template.MountLines;
import dev.templatestudio.bridge.template.Problem;
import dev.templatestudio.bridge.template.Stage;
import dev.templatestudio.bridge.template.Template;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextFormatter;
import javafx.scene.control.TextInputControl;
import org.controlsfx.validation.ValidationMessage;
import org.controlsfx.validation.decoration.GraphicValidationDecoration;

/**
 * Binds inspector fields to a part of the template through the {@link InspectorViewModel}:
 * typing makes an edit (merged per field for undo), a changed template updates each field
 * unless the field already says the same thing, and validation problems decorate the field
 * whose JSON path they name. FX thread.
 */
final class FormBinder {
  private final InspectorViewModel vm;
  private final List<Binding> bindings = new ArrayList<>();
  private final GraphicValidationDecoration decoration = new GraphicValidationDecoration();
  private boolean pulling;

  private record Binding(Supplier<Control> target, String path, Runnable pull) {}

  FormBinder(InspectorViewModel vm) {
    this.vm = vm;
  }

  /** A text field; {@code optional} fields turn empty into null. */
  TextField text(String path, String label, boolean optional, Function<Template, String> get,
      BiFunction<Template, String, Template> set) {
    TextField f = new TextField();
    bind(f, path, label, get, s -> optional && s.isBlank() ? null : s, s -> s == null ? "" : s, set);
    return f;
  }

  /** A multi-line text field for a command. */
  TextArea multiline(String path, String label, Function<Template, String> get,
      BiFunction<Template, String, Template> set) {
    TextArea a = new TextArea();
    a.setPrefRowCount(3);
    a.setWrapText(true);
    bind(a, path, label, get, s -> s, s -> s == null ? "" : s, set);
    return a;
  }

  /** A list edited one item per line (packages, sources, secret names). */
  TextArea lines(String path, String label, Function<Template, List<String>> get,
      BiFunction<Template, List<String>, Template> set) {
    TextArea a = new TextArea();
    a.setPrefRowCount(4);
    a.setPromptText("one per line");
    bind(a, path, label, get, FormBinder::splitLines, l -> String.join("\n", l), set);
    return a;
  }

  /** A list edited as words separated by commas or spaces (tags). */
  TextField words(String path, String label, Function<Template, List<String>> get,
      BiFunction<Template, List<String>, Template> set) {
    TextField f = new TextField();
    bind(f, path, label, get, s -> Arrays.stream(s.split("[,\\s]+")).filter(w -> !w.isEmpty()).toList(),
        l -> String.join(", ", l), set);
    return f;
  }

  /** A whole-number field (digits only); empty is null. */
  TextField integer(String path, String label, Function<Template, Integer> get,
      BiFunction<Template, Integer, Template> set) {
    TextField f = new TextField();
    f.setPrefColumnCount(7);
    UnaryOperator<TextFormatter.Change> digits = c -> c.getControlNewText().matches("\\d{0,9}") ? c : null;
    f.setTextFormatter(new TextFormatter<>(digits));
    bind(f, path, label, get, s -> s.isEmpty() ? null : Integer.valueOf(s), i -> i == null ? "" : i.toString(), set);
    return f;
  }

  CheckBox check(String path, String label, Function<Template, Boolean> get,
      BiFunction<Template, Boolean, Template> set) {
    CheckBox c = new CheckBox(label);
    Runnable pull = () -> c.setSelected(Boolean.TRUE.equals(get.apply(vm.template())));
    c.selectedProperty().addListener((o, a, on) -> {
      if (!pulling) {
        vm.edit((on ? "Set " : "Clear ") + label, t -> set.apply(t, on));
      }
    });
    register(() -> c, path, pull);
    return c;
  }

  EnvTable env(String path, String label, Function<Template, Map<String, String>> get,
      BiFunction<Template, Map<String, String>, Template> set) {
    EnvTable table = new EnvTable(path.replaceAll("[^A-Za-z0-9]", "-"),
        vars -> vm.editMerging(path, "Edit " + label, t -> set.apply(t, vars)));
    register(table::firstInvalidKey, path, () -> table.setValue(get.apply(vm.template())));
    return table;
  }

  /**
   * A run step's mounts, one a line in the words of {@code RUN --mount=} ({@link MountLines}):
   * text that does not read as mounts changes nothing and {@code problem} says why, in one
   * sentence with its line.
   */
  TextArea mounts(String path, Function<Template, List<Mount>> get, BiFunction<Template, List<Mount>, Template> set,
      Label problem) {
    TextArea a = new TextArea();
    a.setId(path.replaceAll("[^A-Za-z0-9]", "-"));
    a.setPrefRowCount(2);
    // A mount is one line of the text; in a narrow inspector it wraps rather than hides its end.
    a.setWrapText(true);
    a.setPromptText("type=cache,target=/root/.cache");
    problem.getStyleClass().add("field-problem");
    problem.setWrapText(true);
    Function<String, MountLines.Parsed> parse = text -> MountLines.parse(text,
        vm.template().stages().stream().map(Stage::name).collect(Collectors.toSet()));
    Runnable pull = () -> {
      MountLines.Parsed now = parse.apply(a.getText());
      if (now.problem() != null || !now.mounts().equals(get.apply(vm.template()))) {
        a.setText(MountLines.format(get.apply(vm.template())));
      }
      problem.setText("");
    };
    a.textProperty().addListener((o, was, text) -> {
      if (pulling) {
        return;
      }
      MountLines.Parsed p = parse.apply(text);
      problem.setText(p.problem() == null ? "" : p.problem());
      if (p.problem() == null) {
        vm.editMerging(path, "Edit mounts", t -> set.apply(t, p.mounts()));
      }
    });
    register(() -> a, path, pull);
    return a;
  }

  /** A control of a form's own that follows the template by {@code pull} and is marked at {@code path}. */
  void custom(Supplier<Control> target, String path, Runnable pull) {
    register(target, path, pull);
  }

  private <T> void bind(TextInputControl field, String path, String label, Function<Template, T> get,
      Function<String, T> parse, Function<T, String> format, BiFunction<Template, T, Template> set) {
    field.setId(path.replaceAll("[^A-Za-z0-9]", "-"));
    Runnable pull = () -> {
      T model = get.apply(vm.template());
      if (!Objects.equals(parse.apply(field.getText()), model)) {
        field.setText(format.apply(model));
      }
    };
    field.textProperty().addListener((o, a, text) -> {
      if (!pulling) {
        vm.editMerging(path, "Edit " + label, t -> set.apply(t, parse.apply(text)));
      }
    });
    register(() -> field, path, pull);
  }

  private void register(Supplier<Control> target, String path, Runnable pull) {
    pulling = true;
    try {
      pull.run();
    } finally {
      pulling = false;
    }
    bindings.add(new Binding(target, path, pull));
  }

  /** Brings every field up to date with the document's template. */
  void pull() {
    pulling = true;
    try {
      bindings.forEach(b -> b.pull().run());
    } finally {
      pulling = false;
    }
  }

  /** Marks each field with the first error whose path falls on it; clears the others. */
  void decorate(List<Problem> problems) {
    for (Binding b : bindings) {
      Control c = b.target().get();
      if (c == null || c.getScene() == null) {
        continue;
      }
      decoration.removeDecorations(c);
      c.getStyleClass().remove("field-error");
      problems.stream().filter(p -> p.isError() && matches(b.path(), p.field())).findFirst().ifPresent(p -> {
        decoration.applyValidationDecoration(ValidationMessage.error(c, p.message()));
        c.getStyleClass().add("field-error");
      });
    }
  }

  /** True when a problem at {@code field} concerns the value bound at {@code path}. */
  static boolean matches(String path, String field) {
    return field.equals(path) || field.startsWith(path + "[") || field.startsWith(path + ".")
        || path.startsWith(field + ".");
  }

  static List<String> splitLines(String s) {
    return s.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }
}
