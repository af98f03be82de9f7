package dev.templatestudio.app.studio.tour;

import dev.templatestudio.app.studio.Studio;
import dev.templatestudio.app.studio.common.FxTaskRunner;
import dev.templatestudio.app.studio.logview.LogThreads;
import dev.templatestudio.app.studio.settings.Autosave;
import dev.templatestudio.app.studio.settings.StudioPreferences;
import dev.templatestudio.app.studio.workspace.EditorSession;
import dev.templatestudio.app.studio.workspace.ScriptedDialogs;
import dev.templatestudio.bridge.embedded.bench.BusyboxImage;
import dev.templatestudio.bridge.runtimes.Runtimes;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.EnvStep;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Template;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.prefs.Preferences;
import javafx.application.Platform;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;

/**
 * Screenshots of the Files tab and of lint in Problems, of the real window on a real X display
 * (Xvfb): a busybox template built twice on the embedded runtime, one step's files, the two
 * builds compared, and the seed example's lint findings. Each shot is {@code import -window
 * root}, so it is what the X server shows. Usage: {@code DISPLAY=:96 FilesTour OUTPUT_DIR}.
 */
public final class FilesTour {
  private static volatile Studio studio;

  private FilesTour() {}

  public static void main(String[] args) throws Exception {
    Path out = Files.createDirectories(Path.of(args[0]));
    Path home = Files.createTempDirectory("files-tour");
    CountDownLatch started = new CountDownLatch(1);
    Platform.startup(() -> {
      Stage stage = new Stage();
      stage.setX(0);
      stage.setY(0);
      Preferences node = Preferences.userRoot().node("dev/templatestudio/tour/" + UUID.randomUUID());
      studio = Studio.open(stage, new Studio.Services(new FxTaskRunner(), s -> new ScriptedDialogs(),
          () -> Runtimes.open("embedded", home.resolve("store")), new StudioPreferences(node), Autosave.inStore(home),
          home, System::currentTimeMillis, LogThreads.start(), () -> { }), null);
      stage.setWidth(1400);
      stage.setHeight(900);
      started.countDown();
    });
    started.await();
    Path rootfs = BusyboxImage.rootfs(home.resolve("busybox"));
    RunStep assets = new RunStep("mkdir -p /app/static /var/cache/app && head -c 180000 /dev/urandom > "
        + "/app/static/bundle.js && head -c 4096 /dev/zero > /var/cache/app/index && echo 'print(1)' > /app/main.py");
    RunStep tidy = new RunStep("echo '127.0.0.1 app' >> /etc/hosts && rm /etc/hostname && rm -rf /var/cache/app "
        + "&& head -c 50000 /dev/zero > /app/data.db && ln -s /app/main.py /usr/bin/app");
    Template web = Template.of(Base.image("rootfs:" + rootfs), List.of(assets, tidy,
        new EnvStep(Map.of("APP_ENV", "demo")))).withName("web-files");
    fx(() -> studio.workspace().newWith(web, "web-files"));
    build(1);
    fx(() -> {
      studio.workspace().current().pipeline().select(2);
      selectTab("tab-files");
    });
    await(() -> studio.workspace().current().files().changesProperty().get() != null);
    shoot(out, "step-files.png");

    fx(() -> studio.workspace().current().files().biggestFirstProperty().set(true));
    shoot(out, "step-files-biggest.png");
    fx(() -> studio.workspace().current().files().biggestFirstProperty().set(false));

    fx(() -> studio.workspace().current().document().edit("Change step 2", t -> t.withSteps(List.of(assets,
        new RunStep(tidy.command().replace("50000", "90000") + " && echo 2 > /app/VERSION"), t.steps().get(2)))));
    build(2);
    fx(() -> {
      EditorSession s = studio.workspace().current();
      s.pipeline().select(2);
      selectTab("tab-files");
      s.files().compareWith(s.files().others().get(0));
    });
    await(() -> studio.workspace().current().files().comparison().size() == 4
        && studio.workspace().current().files().changesProperty().get() != null
        && !studio.workspace().current().files().loadingProperty().get());
    shoot(out, "compare-builds.png");

    fx(() -> studio.workspace().newFromExample().pipeline().select(1));
    Thread.sleep(500);
    fx(() -> selectTab("tab-problems"));
    await(() -> !studio.workspace().current().problems().items().isEmpty());
    shoot(out, "lint-problems.png");
    Platform.exit();
    System.exit(0);
  }

  private static void build(int builds) throws InterruptedException {
    fx(() -> studio.window().build());
    await(() -> studio.workspace().current().history().records().size() == builds);
  }

  private static void selectTab(String id) {
    for (var pane : studio.window().scene().getRoot().lookupAll(".tab-pane")) {
      for (Tab tab : ((TabPane) pane).getTabs()) {
        if (id.equals(tab.getId())) {
          ((TabPane) pane).getSelectionModel().select(tab);
        }
      }
    }
  }

  private static void fx(Runnable r) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    Platform.runLater(() -> {
      try {
        r.run();
      } finally {
        done.countDown();
      }
    });
    done.await(10, TimeUnit.SECONDS);
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; i < 1200; i++) {
      boolean[] ok = new boolean[1];
      fx(() -> ok[0] = condition.getAsBoolean());
      if (ok[0]) {
        return;
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("the tour waited 60 s in vain");
  }

  /** The whole X screen, as {@code import -window root} takes it, after the window has drawn. */
  private static void shoot(Path out, String name) throws Exception {
    Thread.sleep(1200);
    Process p = new ProcessBuilder("import", "-window", "root", out.resolve(name).toString())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("import -window root failed for " + name);
    }
    System.out.println("wrote " + out.resolve(name));
  }
}
