package dev.templatestudio.app.studio.workspace;

import dev.templatestudio.app.studio.common.RuntimeSource;
import dev.templatestudio.app.studio.push.PushDialog;
import dev.templatestudio.app.studio.push.PushViewModel;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Consumer;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.BooleanExpression;
import javafx.beans.binding.Bindings;
import javafx.scene.control.Button;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import javafx.stage.Window;
import java.util.function.Supplier;

/**
 * Puts Push… into the window: in the Build menu and beside each build's ref. It pushes the
 * document's last ready build on the embedded runtime; on a remote or Docker runtime it is off
 * and its tooltip says why. The destination is remembered per document while the studio runs.
 * FX thread.
 */
final class PushDock {
  static final String ON_THIS_MACHINE = "Push works for builds on this machine (the embedded runtime); "
      + "on a remote or Docker runtime, push with template-studio push where the build ran";
  private final WorkspaceViewModel vm;
  private final RuntimeSource runtimes;
  private final BooleanExpression embedded;
  private final Consumer<Runnable> fx;
  private final Supplier<Window> owner;
  private final Map<EditorSession, String> destinations = new WeakHashMap<>();
  private final BooleanBinding canPush;
  private Stage open;

  PushDock(WorkspaceViewModel vm, RuntimeSource runtimes, BooleanExpression embedded, Consumer<Runnable> fx,
      Supplier<Window> owner) {
    this.vm = vm;
    this.runtimes = runtimes;
    this.embedded = embedded;
    this.fx = fx;
    this.owner = owner;
    canPush = DocumentBindings.text(vm, s -> s.builds().lastRefProperty()).isNotEmpty()
        .and(DocumentBindings.flag(vm, s -> s.builds().runningProperty()).not()).and(embedded);
  }

  /** Opens the Push dialog for the last ready build of the document in front. */
  void push() {
    EditorSession s = vm.current();
    if (s != null && s.builds().lastRefProperty().get() != null && embedded.get()) {
      open(s);
    }
  }

  private void open(EditorSession s) {
    if (open != null && open.isShowing()) {
      open.toFront();
      return;
    }
    PushViewModel push = new PushViewModel(s.builds().lastRefProperty().get(), runtimes, fx);
    push.destinationProperty().set(destinations.getOrDefault(s, ""));
    open = PushDialog.show(owner.get(), push, dest -> destinations.put(s, dest == null ? "" : dest.strip()));
  }

  /** The Build menu's item. */
  MenuItem buildItem() {
    MenuItem item = new MenuItem();
    // A menu item has no tooltip: its text says why it is off.
    item.textProperty().bind(Bindings.when(embedded).then("Push\u2026").otherwise("Push\u2026 (builds on this machine only)"));
    item.setId("menu-push");
    item.setOnAction(e -> push());
    item.disableProperty().bind(canPush.not());
    return item;
  }

  /** Puts Push… beside the ref of {@code editor}'s build. */
  void decorate(EditorView editor) {
    EditorSession s = editor.session();
    Button push = new Button("Push\u2026");
    push.getStyleClass().add("build-push");
    push.setMinWidth(Region.USE_PREF_SIZE);
    // A disabled button shows no tooltip: its holder carries it, so the reason shows when it is off.
    StackPane holder = new StackPane(push);
    Tooltip tip = new Tooltip();
    tip.textProperty().bind(Bindings.when(embedded).then("Push the last ready build to a registry").otherwise(ON_THIS_MACHINE));
    Tooltip.install(holder, tip);
    push.disableProperty().bind(s.builds().lastRefProperty().isNull().or(s.builds().runningProperty())
        .or(embedded.not()));
    push.setOnAction(e -> open(s));
    editor.build().addRefAction(holder);
  }
}
