package dev.templatestudio.app.studio.runtimes;

import java.util.Optional;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

/**
 * Asks which Docker Engine builds run on: the local one, or one at a {@code tcp://HOST:PORT}
 * address, checked as it is typed with what to fix shown under the field. Enter accepts a usable
 * choice, Esc cancels; Alt+L and Alt+A pick the options. FX thread.
 */
public final class DockerRuntimeDialog {
  private static final double WIDTH = 440;

  private DockerRuntimeDialog() {}

  /** The Docker runtime the person chose, starting from {@code vm}'s; empty when cancelled. */
  public static Optional<RuntimeChoice> ask(Window owner, DockerEngineViewModel vm) {
    Dialog<ButtonType> d = new Dialog<>();
    d.initOwner(owner);
    d.setTitle("Docker runtime");
    d.setHeaderText("Build with a Docker Engine");
    if (owner != null && owner.getScene() != null) {
      d.getDialogPane().getStylesheets().setAll(owner.getScene().getStylesheets());
    }
    ToggleGroup engine = new ToggleGroup();
    RadioButton local = new RadioButton("_Local engine");
    local.setId("docker-local");
    local.setToggleGroup(engine);
    local.setTooltip(new Tooltip("The engine on this machine, as the docker command finds it: " + vm.localEngine()));
    Label localWhere = dim(new Label(vm.localEngine()));
    localWhere.setId("docker-local-engine");
    RadioButton remote = new RadioButton("Engine at an _address");
    remote.setId("docker-remote");
    remote.setToggleGroup(engine);
    remote.setTooltip(new Tooltip("An engine that listens on plain TCP, on this machine or another"));
    TextField address = new TextField();
    address.setId("docker-address");
    address.setPromptText("tcp://HOST:PORT");
    address.setPrefColumnCount(28);
    address.setTooltip(new Tooltip("The engine's address, such as " + DockerAddress.EXAMPLE + " (TLS is not supported)"));
    address.textProperty().bindBidirectional(vm.addressProperty());
    // Room for two lines is kept under the field and the field's red frame takes no room
    // (studio.css): the dialog, sized once, never has to grow.
    Label problem = new Label();
    problem.setId("docker-address-problem");
    problem.getStyleClass().add("field-problem");
    problem.setWrapText(true);
    problem.setMaxWidth(WIDTH);
    problem.textProperty().bind(vm.problemProperty());
    Runnable markField = () -> {
      address.getStyleClass().remove("input-problem");
      if (!vm.problemProperty().get().isEmpty()) {
        address.getStyleClass().add("input-problem");
      }
    };
    markField.run();
    vm.problemProperty().addListener((o, a, p) -> markField.run());
    Label hint = dim(new Label("The engine must listen on plain TCP (TLS is not supported), for example "
        + "dockerd -H tcp://0.0.0.0:2375. Open that port only to machines you trust."));

    local.setSelected(vm.localProperty().get());
    remote.setSelected(!vm.localProperty().get());
    vm.localProperty().addListener((o, a, isLocal) -> (isLocal ? local : remote).setSelected(true));
    engine.selectedToggleProperty().addListener((o, a, t) -> vm.localProperty().set(t == local));
    // A mnemonic (Alt+L, Alt+A) only fires the action, then focuses the option: select here, and
    // move on to the address once that is done.
    local.setOnAction(e -> local.setSelected(true));
    remote.setOnAction(e -> {
      remote.setSelected(true);
      Platform.runLater(address::requestFocus);
    });

    GridPane g = new GridPane();
    g.setHgap(8);
    g.setVgap(6);
    g.add(local, 0, 0, 2, 1);
    g.add(localWhere, 1, 1);
    g.add(remote, 0, 2, 2, 1);
    g.add(address, 1, 3);
    g.add(problem, 1, 4);
    g.add(hint, 0, 5, 2, 1);
    // The options' content sits indented under them.
    g.getColumnConstraints().add(new ColumnConstraints(16));
    d.getDialogPane().setContent(g);
    d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
    Button ok = (Button) d.getDialogPane().lookupButton(ButtonType.OK);
    ok.disableProperty().bind(vm.problemProperty().isNotEmpty());
    // Enter on an option accepts, as it does in the field: a focused button would take it for itself.
    for (RadioButton option : new RadioButton[] {local, remote}) {
      option.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
        if (e.getCode() == KeyCode.ENTER) {
          e.consume();
          ok.fire();
        }
      });
    }
    // After the dialog's own focus handling, which gives the default button the focus.
    d.setOnShown(e -> Platform.runLater(() -> (vm.localProperty().get() ? local : address).requestFocus()));
    Optional<ButtonType> answer = d.showAndWait();
    if (answer.isEmpty() || answer.get() != ButtonType.OK) {
      return Optional.empty();
    }
    return Optional.ofNullable(vm.choice());
  }

  private static Label dim(Label l) {
    l.setOpacity(0.75);
    l.setWrapText(true);
    l.setMaxWidth(WIDTH);
    return l;
  }
}
