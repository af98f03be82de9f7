package dev.templatestudio.app.studio.runtimes;

import java.util.Optional;
import javafx.scene.Node;
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

  /**
   * The remote runtime the person entered; empty when cancelled.
   *
   * @param localToken the token of a {@code serve} over this studio's own store, offered when
   *                   no token is known yet; null when there is none
   */
  public static Optional<RuntimeChoice> ask(Window owner, RuntimeChoice current, String localToken) {
    Dialog<ButtonType> d = new Dialog<>();
    d.initOwner(owner);
    d.setTitle("Remote runtime");
    d.setHeaderText("Build on a 'template-studio serve' instance");
    TextField url = new TextField(current.url() != null ? current.url() : "http://127.0.0.1:7433");
    url.setId("remote-url");
    url.setPrefColumnCount(28);
    PasswordField token = new PasswordField();
    token.setId("remote-token");
    token.setPromptText("from the server's token file");
    Label hint = new Label("The server prints where its token file is when it starts.");
    if (current.token() != null) {
      token.setText(current.token());
    } else if (localToken != null) {
      token.setText(localToken);
      hint.setText("Token filled in from the token file of 'serve' on this machine (serve/token in the store).");
    }
    hint.setOpacity(0.75);
    hint.setWrapText(true);
    hint.setMaxWidth(420);
    GridPane g = new GridPane();
    g.setHgap(8);
    g.setVgap(8);
    g.addRow(0, new Label("URL"), url);
    g.addRow(1, new Label("Token"), token);
    g.add(hint, 1, 2);
    d.getDialogPane().setContent(g);
    d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
    Node ok = d.getDialogPane().lookupButton(ButtonType.OK);
    ok.disableProperty().bind(url.textProperty().map(u -> !isHttpUrl(u)));
    Optional<ButtonType> answer = d.showAndWait();
    if (answer.isEmpty() || answer.get() != ButtonType.OK) {
      return Optional.empty();
    }
    return Optional.of(RuntimeChoice.remote(url.getText().strip(), token.getText().isBlank() ? null : token.getText().strip()));
  }

  /** Whether {@code u} can name a {@code serve}: http:// or https:// and a host. */
  static boolean isHttpUrl(String u) {
    String s = u == null ? "" : u.strip();
    return s.matches("https?://[^/\\s]+.*");
  }
}
