package dev.templatestudio.app.studio.push;

import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * Build > Push…: where to push the last ready build, the push's progress (bytes and blobs),
 * Cancel, and at the end the pushed digest with Copy, or why it failed in one sentence. The
 * dialog stays open after a push so the digest can be copied. FX thread.
 */
public final class PushDialog {
  /** Wide enough for a whole {@code sha256:} digest and a template's canonical ref in their fields. */
  private static final double WIDTH = 740;

  private PushDialog() {}

  /**
   * Shows the dialog over {@code owner} (it does not wait); {@code onClose} gets the destination
   * last typed, so the document can remember it.
   */
  public static Stage show(Window owner, PushViewModel vm, java.util.function.Consumer<String> onClose) {
    Stage stage = new Stage();
    stage.initOwner(owner);
    stage.initModality(Modality.WINDOW_MODAL);
    stage.setTitle("Push to a registry");

    // The ref in a field: a digest never breaks across lines, and it can be selected.
    TextField what = new TextField(vm.ref());
    what.setId("push-ref");
    what.setEditable(false);
    what.setFocusTraversable(false);
    what.setTooltip(new Tooltip(vm.ref()));
    HBox.setHgrow(what, Priority.ALWAYS);
    Label how = wrapped(new Label("Uploaded as an OCI image with your registry logins "
        + "(template-studio login REGISTRY, or docker login); layers the registry has are skipped."));
    how.setOpacity(0.75);
    TextField dest = new TextField();
    dest.setId("push-dest");
    dest.setPromptText("registry/repository:tag, e.g. 127.0.0.1:5000/team/hello:stable");
    dest.textProperty().bindBidirectional(vm.destinationProperty());
    dest.disableProperty().bind(vm.runningProperty());
    HBox.setHgrow(dest, Priority.ALWAYS);
    Button push = new Button("Push");
    push.setId("push-start");
    push.setDefaultButton(true);
    push.setMinWidth(Region.USE_PREF_SIZE);
    push.disableProperty().bind(vm.runningProperty().or(Bindings.createBooleanBinding(
        () -> vm.destinationProperty().get() == null || vm.destinationProperty().get().isBlank(),
        vm.destinationProperty())));
    push.setOnAction(e -> vm.push());
    Label destLabel = label("Destination");
    HBox destRow = new HBox(8, destLabel, dest, push);
    destRow.setAlignment(Pos.CENTER_LEFT);
    HBox refRow = new HBox(8, label("Template"), what);
    refRow.setAlignment(Pos.CENTER_LEFT);

    ProgressBar bar = new ProgressBar(0);
    bar.setId("push-progress");
    bar.setMaxWidth(Double.MAX_VALUE);
    bar.progressProperty().bind(vm.progressProperty());
    bar.visibleProperty().bind(vm.runningProperty().or(vm.progressTextProperty().isNotEmpty()));
    bar.managedProperty().bind(bar.visibleProperty());
    bar.visibleProperty().addListener((o, a, b) -> stage.sizeToScene());
    Label counts = new Label();
    counts.setId("push-counts");
    counts.textProperty().bind(vm.progressTextProperty());
    Label outcome = wrapped(new Label());
    outcome.setId("push-message");
    outcome.textProperty().bind(vm.messageProperty());

    TextField digest = new TextField();
    digest.setId("push-digest");
    digest.setEditable(false);
    digest.textProperty().bind(vm.digestProperty());
    HBox.setHgrow(digest, Priority.ALWAYS);
    Button copy = new Button("Copy");
    copy.setId("push-copy-digest");
    copy.setTooltip(new Tooltip("Copy the pushed manifest digest"));
    copy.setMinWidth(Region.USE_PREF_SIZE);
    copy.setOnAction(e -> {
      ClipboardContent c = new ClipboardContent();
      c.putString(vm.digestProperty().get());
      Clipboard.getSystemClipboard().setContent(c);
    });
    HBox digestRow = new HBox(8, label("Digest"), digest, copy);
    digestRow.setAlignment(Pos.CENTER_LEFT);
    digestRow.visibleProperty().bind(vm.digestProperty().isNotEmpty());
    digestRow.managedProperty().bind(digestRow.visibleProperty());

    Button close = new Button();
    close.setId("push-cancel");
    close.setCancelButton(true);
    close.setMinWidth(Region.USE_PREF_SIZE);
    close.textProperty().bind(Bindings.when(vm.runningProperty()).then("Cancel").otherwise("Close"));
    close.setOnAction(e -> {
      if (vm.runningProperty().get()) {
        vm.cancel();
      } else {
        stage.close();
      }
    });
    HBox buttons = new HBox(close);
    buttons.setAlignment(Pos.CENTER_RIGHT);

    counts.managedProperty().bind(counts.textProperty().isNotEmpty());
    outcome.managedProperty().bind(outcome.textProperty().isNotEmpty());
    VBox root = new VBox(10, refRow, how, destRow, bar, counts, outcome, digestRow, buttons);
    root.setPadding(new Insets(14));
    root.setPrefWidth(WIDTH);
    Scene scene = new Scene(root);
    if (owner != null && owner.getScene() != null) {
      scene.getStylesheets().setAll(owner.getScene().getStylesheets());
    }
    scene.setOnKeyPressed(e -> {
      if (e.getCode() == KeyCode.ESCAPE && vm.runningProperty().get()) {
        vm.cancel();
        e.consume();
      }
    });
    stage.setScene(scene);
    // Closing the window while a push runs cancels it: nothing pushes on unseen.
    stage.setOnHidden(e -> {
      vm.cancel();
      onClose.accept(vm.destinationProperty().get());
    });
    // The outcome and the digest arrive later: the window grows to show them whole.
    outcome.textProperty().addListener((o, a, b) -> stage.sizeToScene());
    digestRow.visibleProperty().addListener((o, a, b) -> stage.sizeToScene());
    stage.show();
    // Typing goes to the destination at once (the ref above is read-only).
    dest.requestFocus();
    dest.end();
    return stage;
  }

  /** A row's name, as wide as the widest so the fields line up. */
  private static Label label(String text) {
    Label l = new Label(text);
    l.setMinWidth(Region.USE_PREF_SIZE);
    l.setPrefWidth(80);
    return l;
  }

  private static Label wrapped(Label l) {
    l.setWrapText(true);
    l.setMaxWidth(WIDTH);
    l.setMinHeight(Region.USE_PREF_SIZE);
    return l;
  }
}
