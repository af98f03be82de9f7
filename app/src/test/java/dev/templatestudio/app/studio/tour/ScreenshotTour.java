package dev.templatestudio.app.studio.tour;

import dev.templatestudio.app.studio.ScriptedRuntime;
import dev.templatestudio.app.studio.Studio;
import dev.templatestudio.app.studio.common.FxTaskRunner;
import dev.templatestudio.app.studio.common.RuntimeSource;
import dev.templatestudio.app.studio.logview.LogThreads;
import dev.templatestudio.bridge.runtimes.Runtimes;
import dev.templatestudio.bridge.embedded.bench.BusyboxImage;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.EnvStep;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.WorkdirStep;
import dev.templatestudio.app.studio.settings.Autosave;
import dev.templatestudio.app.studio.settings.StudioPreferences;
import dev.templatestudio.app.studio.workspace.EditorSession;
import dev.templatestudio.app.studio.workspace.ScriptedDialogs;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.prefs.Preferences;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;

/**
 * Takes the screenshots in docs/screenshots/ from the real window (run it on a display, e.g.
 * Xvfb): the seed example, an import with diagnostics, a build with CACHED markers on the
 * scripted runtime (the embedded one is not in this branch), a failed build, a validation error,
 * the dark theme, and — when Debian's busybox-static is installed — a real build of a busybox
 * template on the embedded runtime and its cached rebuild. Usage: {@code ScreenshotTour OUTPUT_DIR}.
 */
public final class ScreenshotTour {
  private static volatile Studio studio;
  private static volatile ScriptedRuntime runtime = new ScriptedRuntime(Set.of(0, 1), -1, -1);
  private static volatile RuntimeSource embedded;

  private ScreenshotTour() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    Files.createDirectories(out);
    Path home = Files.createTempDirectory("tour-home");
    ScriptedDialogs dialogs = new ScriptedDialogs();
    CountDownLatch started = new CountDownLatch(1);
    Platform.startup(() -> {
      Stage stage = new Stage();
      stage.setX(0);
      stage.setY(0);
      Preferences node = Preferences.userRoot().node("dev/templatestudio/tour/" + UUID.randomUUID());
      studio = Studio.open(stage, new Studio.Services(new FxTaskRunner(), s -> dialogs,
          () -> embedded != null ? embedded.open() : runtime,
          new StudioPreferences(node), Autosave.inStore(home), home, System::currentTimeMillis, LogThreads.start(),
          () -> { }), null);
      started.countDown();
    });
    started.await();
    pause(1500);
    shoot(out, "empty-state.png");

    fx(() -> {
      EditorSession s = studio.workspace().newFromExample();
      s.pipeline().select(1);
    });
    pause(800);
    shoot(out, "main.png");

    fx(() -> studio.window().build());
    await(() -> !studio.workspace().current().history().records().isEmpty());
    fx(() -> studio.workspace().current().pipeline().select(2));
    pause(800);
    shoot(out, "build-cached.png");
    // Step 2's output folded under its header (a fold of the live log, made on the log thread).
    fx(() -> studio.workspace().current().builds().log().toggleFold(2));
    pause(800);
    shoot(out, "build-folded.png");
    fx(() -> studio.workspace().current().builds().log().toggleFold(2));

    runtime = new ScriptedRuntime(Set.of(0, 1), 2, -1);
    fx(() -> studio.window().build());
    await(() -> studio.workspace().current().history().records().size() == 2);
    pause(800);
    shoot(out, "build-failed.png");

    Path dockerfile = home.resolve("Dockerfile");
    Files.writeString(dockerfile, "# syntax=docker/dockerfile:1\nFROM python:3.12-slim\nLABEL org.opencontainers.image.title=agent\n"
        + "ARG PIP_INDEX=https://pypi.org/simple\nRUN apt-get update && apt-get install -y --no-install-recommends git curl\n"
        + "RUN pip install fastapi uvicorn\nCOPY app/ /app\nWORKDIR /app\nVOLUME /data\nEXPOSE 8000\n"
        + "CMD [\"uvicorn\", \"main:app\", \"--host\", \"0.0.0.0\"]\n");
    fx(() -> studio.workspace().drop(List.of(dockerfile)));
    await(() -> studio.workspace().sessions().size() == 2);
    pause(800);
    shoot(out, "import-diagnostics.png");

    fx(() -> studio.workspace().current().document().edit("Bad name", t -> t.withName("Fastapi Agent")));
    fx(() -> studio.window().currentEditor().inspector().showTemplateTab());
    pause(800);
    shoot(out, "validation-error.png");
    fx(() -> studio.workspace().current().document().undo());
    fx(() -> studio.window().currentEditor().inspector().showStepTab());

    fx(() -> studio.window().darkProperty().set(true));
    fx(() -> studio.workspace().currentProperty().set(studio.workspace().sessions().get(0)));
    pause(800);
    shoot(out, "main-dark.png");
    fx(() -> studio.window().darkProperty().set(false));

    if (BusyboxImage.available()) {
      Path rootfs = BusyboxImage.rootfs(home.resolve("busybox"));
      embedded = () -> Runtimes.open("embedded", home.resolve("store"));
      Template busybox = Template.of(Base.image("rootfs:" + rootfs), List.of(new WorkdirStep("/work"),
          new RunStep("echo hello from busybox > greeting && cat greeting"), new EnvStep(java.util.Map.of("APP_ENV", "demo"))))
          .withName("busybox-demo").withTags(List.of("stable"));
      fx(() -> studio.workspace().newWith(busybox, "busybox-demo"));
      fx(() -> studio.window().build());
      await(() -> studio.workspace().current().history().records().size() == 1);
      fx(() -> studio.workspace().current().pipeline().select(2));
      pause(800);
      shoot(out, "build-embedded.png");
      fx(() -> studio.window().build());
      await(() -> studio.workspace().current().history().records().size() == 2);
      pause(800);
      shoot(out, "build-embedded-cached.png");
    }
    Platform.exit();
    System.exit(0);
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
    for (int i = 0; i < 200; i++) {
      boolean[] ok = new boolean[1];
      fx(() -> ok[0] = condition.getAsBoolean());
      if (ok[0]) {
        return;
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("the tour waited 10 s in vain");
  }

  private static void pause(long millis) throws InterruptedException {
    Thread.sleep(millis);
  }

  private static void shoot(Path out, String name) throws Exception {
    WritableImage[] image = new WritableImage[1];
    fx(() -> {
      Scene scene = studio.window().scene();
      image[0] = scene.snapshot(null);
    });
    PixelReader px = image[0].getPixelReader();
    int w = (int) image[0].getWidth();
    int h = (int) image[0].getHeight();
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, px.getArgb(x, y));
      }
    }
    ImageIO.write(img, "png", out.resolve(name).toFile());
    System.out.println("wrote " + out.resolve(name));
  }
}
