package dev.templatestudio.app.studio.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.app.studio.runtimes.RuntimeChoice;
import dev.templatestudio.app.studio.workspace.EditorSession;
import dev.templatestudio.bridge.embedded.image.LoopbackRegistry;
import dev.templatestudio.bridge.runtimes.Runtimes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Push… from the studio on the real embedded runtime, to a real docker-registry on loopback: a
 * busybox template built, pushed through the dialog, its digest shown and copied, and the
 * registry asked for the manifest under the tag; a registry that wants a login refuses in one
 * sentence naming {@code template-studio login}; Push is off on a Docker runtime. Each case
 * stops the registry it starts.
 */
@ExtendWith(ApplicationExtension.class)
class PushGuiTest {
  @TempDir
  static Path dir;
  private final StudioFixture fx = new StudioFixture(null);

  @Start
  void start(Stage stage) {
    fx.start(stage, dir.resolve("home"), () -> Runtimes.open("embedded", dir.resolve("store")));
  }

  @AfterEach
  void stop() {
    fx.stop();
  }

  private EditorSession build(FxRobot robot, String name) throws Exception {
    return fx.buildNewBusybox(robot, dir.resolve("busybox"), name);
  }

  private String text(FxRobot robot, String id) {
    return robot.lookup(id).queryAs(Label.class).getText();
  }

  /** Build > Push…: the item in the menu's popup, not the button of the same name beside the ref. */
  private void openFromMenu(FxRobot robot) {
    robot.clickOn("Build");
    javafx.scene.Node item = robot.lookup((javafx.scene.Node n) -> n instanceof javafx.scene.control.Labeled l
        && "Push\u2026".equals(l.getText()) && n.getScene().getWindow() instanceof javafx.scene.control.ContextMenu)
        .query();
    robot.clickOn(item);
    WaitForAsyncUtils.waitForFxEvents();
  }

  private void push(FxRobot robot, String dest) throws Exception {
    openFromMenu(robot);
    TextField field = robot.lookup("#push-dest").queryAs(TextField.class);
    robot.interact(() -> field.setText(dest));
    robot.clickOn("#push-start");
    try {
      WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> !text(robot, "#push-message").isEmpty());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the push did not end: " + text(robot, "#push-counts"), e);
    }
    WaitForAsyncUtils.waitForFxEvents();
  }

  @Test
  void pushesTheLastReadyBuildAndShowsItsDigest(FxRobot robot) throws Exception {
    build(robot, "push-demo");
    try (LoopbackRegistry registry = LoopbackRegistry.start(dir.resolve("registry"), dir.resolve("work"))) {
      String dest = registry.host() + "/team/hello:stable";
      push(robot, dest);
      String message = text(robot, "#push-message");
      String digest = robot.lookup("#push-digest").queryAs(TextField.class).getText();
      assertThat(message).startsWith("Pushed to " + dest + " in ").contains("uploaded");
      assertThat(digest).matches("sha256:[0-9a-f]{64}");
      assertThat(text(robot, "#push-counts")).contains(" blobs: ").doesNotContain(" 0 uploaded");

      robot.clickOn("#push-copy-digest");
      String[] copied = new String[1];
      robot.interact(() -> copied[0] = Clipboard.getSystemClipboard().getString());
      assertThat(copied[0]).isEqualTo(digest);

      // The registry serves that manifest under the tag, and its bytes are the digest shown.
      HttpResponse<byte[]> manifest = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create("http://" + registry.host() + "/v2/team/hello/manifests/stable"))
          .header("Accept", "application/vnd.oci.image.manifest.v1+json").build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(manifest.statusCode()).isEqualTo(200);
      assertThat("sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(manifest.body())))
          .isEqualTo(digest);

      // Closed and opened again, the dialog offers the destination this document pushed to.
      robot.clickOn("#push-cancel");
      robot.clickOn(".build-push");
      assertThat(robot.lookup("#push-dest").queryAs(TextField.class).getText()).isEqualTo(dest);
      assertThat(robot.lookup("#push-digest").queryAs(TextField.class).getText()).isEmpty();
      robot.clickOn("#push-cancel");
    }
  }

  @Test
  void aRegistryThatWantsALoginIsOneSentenceAndDockerTurnsPushOff(FxRobot robot) throws Exception {
    build(robot, "push-private");
    Path work = dir.resolve("work-auth");
    String auth = LoopbackRegistry.htpasswdYaml(java.nio.file.Files.createDirectories(work), "alice", "s3cret-" + UUID.randomUUID());
    try (LoopbackRegistry registry = LoopbackRegistry.start(dir.resolve("registry-auth"), work, auth)) {
      push(robot, registry.host() + "/team/private:v1");
      String message = text(robot, "#push-message");
      assertThat(message).contains("template-studio login " + registry.host()).doesNotContain("Exception")
          .doesNotContain("\n");
      assertThat(robot.lookup("#push-digest").queryAs(TextField.class).getText()).isEmpty();
      assertThat(robot.lookup("#push-start").queryAs(Button.class).isDisabled()).isFalse();
      robot.clickOn("#push-cancel");
    }

    robot.interact(() -> fx.studio.runtimes().choiceProperty().set(RuntimeChoice.DOCKER));
    WaitForAsyncUtils.waitForFxEvents();
    Button beside = robot.lookup(".build-push").queryAs(Button.class);
    assertThat(beside.isDisabled()).isTrue();
    assertThat(((javafx.scene.Parent) beside.getParent()).getProperties().values().stream()
        .filter(javafx.scene.control.Tooltip.class::isInstance).map(t -> ((javafx.scene.control.Tooltip) t).getText()))
        .anyMatch(t -> t.startsWith("Push works for builds on this machine"));
    robot.interact(() -> fx.studio.runtimes().choiceProperty().set(RuntimeChoice.EMBEDDED));
  }
}
