package dev.templatestudio.app.studio.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.app.studio.ScriptedRuntime;
import dev.templatestudio.app.studio.Studio;
import dev.templatestudio.app.studio.common.FxTaskRunner;
import dev.templatestudio.app.studio.common.RuntimeSource;
import dev.templatestudio.app.studio.logview.LogThreads;
import dev.templatestudio.app.studio.settings.Autosave;
import dev.templatestudio.app.studio.settings.StudioPreferences;
import dev.templatestudio.app.studio.workspace.EditorSession;
import dev.templatestudio.app.studio.workspace.ScriptedDialogs;
import dev.templatestudio.bridge.runtimes.Runtimes;
import dev.templatestudio.bridge.embedded.BusyboxFixture;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Step;
import dev.templatestudio.bridge.template.Template;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.stage.Stage;
import org.fxmisc.richtext.StyleClassedTextArea;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A studio in a TestFX stage with test services: scripted dialogs, own preferences, and builds on
 * the real embedded runtime over a store in the studio's home, or on a {@link ScriptedRuntime}
 * where a test renders one exact event sequence.
 */
final class StudioFixture {
  final ScriptedDialogs dialogs = new ScriptedDialogs();
  final FxTaskRunner tasks = new FxTaskRunner();
  final LogThreads logThreads = LogThreads.start();
  final Preferences prefsNode = Preferences.userRoot().node("dev/templatestudio/test/" + UUID.randomUUID());
  ScriptedRuntime runtime;
  Studio studio;

  /** Builds on the real embedded runtime, over a store in the studio's home. */
  StudioFixture() {
    this(null);
  }

  /** Builds on {@code runtime}; null: on the real embedded runtime, over a store in the studio's home. */
  StudioFixture(ScriptedRuntime runtime) {
    this.runtime = runtime;
  }

  Studio start(Stage stage, Path home) {
    return start(stage, home, () -> runtime != null ? runtime : Runtimes.open("embedded", home.resolve("store")));
  }

  Studio start(Stage stage, Path home, RuntimeSource source) {
    Studio.Services services = new Studio.Services(tasks, s -> dialogs, source,
        new StudioPreferences(prefsNode), Autosave.inStore(home), home, System::currentTimeMillis, logThreads,
        () -> { });
    stage.setWidth(1400);
    stage.setHeight(900);
    studio = Studio.open(stage, services, null);
    return studio;
  }

  void stop() {
    try {
      WaitForAsyncUtils.asyncFx(studio::dispose).get();
    } catch (Exception e) {
      throw new IllegalStateException("the studio did not stop", e);
    }
    tasks.close();
    logThreads.close();
    try {
      prefsNode.removeNode();
    } catch (BackingStoreException e) {
      // A leftover test preferences node is harmless.
    }
  }

  /** A template of {@code steps} on a busybox root filesystem made in {@code rootfs} unless it is there. */
  static Template busybox(Path rootfs, String name, Step... steps) throws IOException {
    BusyboxFixture.require();
    if (!Files.isDirectory(rootfs.resolve("bin"))) {
      BusyboxFixture.rootfs(rootfs);
    }
    return Template.of(Base.image("rootfs:" + rootfs), List.of(steps)).withName(name);
  }

  /**
   * A new document of a one-step busybox template (its root made in {@code rootfs} once), built
   * from the toolbar's Build and waited for (at most 120 s); fails unless the build got ready.
   */
  EditorSession buildNewBusybox(FxRobot robot, Path rootfs, String name) throws Exception {
    Template t = busybox(rootfs, name, new RunStep("echo " + UUID.randomUUID()));
    EditorSession[] s = new EditorSession[1];
    robot.interact(() -> s[0] = studio.workspace().newWith(t, name));
    robot.clickOn("#tb-build");
    try {
      WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> s[0].history().records().size() == 1);
    } catch (TimeoutException e) {
      throw new AssertionError("no build ended: " + s[0].builds().summaryProperty().get() + " / "
          + s[0].builds().progressTextProperty().get() + " / "
          + robot.lookup("#build-log").queryAs(StyleClassedTextArea.class).getText(), e);
    }
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(s[0].history().records().get(0).status()).isEqualTo("ready");
    return s[0];
  }
}
