package dev.templatestudio.app.studio.runtimes;

import java.util.Optional;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

/** Asks for the URL and token of a remote runtime ({@code template-studio serve}). FX thread. */
public final class RemoteRuntimeDialog {
  private RemoteRuntimeDialog() {}

  /** The remote runtime the person entered; empty when cancelled or the URL is not http(s). */
  public static Optional<RuntimeChoice> ask(Window owner, RuntimeChoice current) {
    Dialog<ButtonType> d = new Dialog<>();
    d.initOwner(owner);
    d.setTitle("Remote runtime");
    d.setHeaderText("Build on a 'template-studio serve' instance");
    TextField url = new TextField(current.url() != null ? current.url() : "http://127.0.0.1:7433");
    url.setPrefColumnCount(28);
    PasswordField token = new PasswordField();
    token.setText(current.token() != null ? current.token() : "");
    token.setPromptText("from the server's token file");
    GridPane g = new GridPane();
    g.setHgap(8);
    g.setVgap(8);
    g.addRow(0, new Label("URL"), url);
    g.addRow(1, new Label("Token"), token);
    d.getDialogPane().setContent(g);
    d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
    Optional<ButtonType> answer = d.showAndWait();
    String u = url.getText().strip();
    if (answer.isEmpty() || answer.get() != ButtonType.OK || !(u.startsWith("http://") || u.startsWith("https://"))) {
      return Optional.empty();
    }
    return Optional.of(RuntimeChoice.remote(u, token.getText().isBlank() ? null : token.getText()));
  }
}
