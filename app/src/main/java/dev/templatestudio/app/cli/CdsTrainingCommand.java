package dev.templatestudio.app.cli;

import dev.templatestudio.bridge.dockerfile.DockerfileImporter;
import dev.templatestudio.bridge.dockerfile.DockerfileRenderer;
import dev.templatestudio.bridge.dockerfile.PythonRenderer;
import dev.templatestudio.bridge.template.AptStep;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.PipStep;
import dev.templatestudio.bridge.template.Ready;
import dev.templatestudio.bridge.template.Start;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.TemplateFormatException;
import dev.templatestudio.bridge.template.TemplateJson;
import dev.templatestudio.bridge.template.TemplateValidator;
import dev.templatestudio.bridge.io.Trees;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.EnvStep;
import dev.templatestudio.bridge.template.Step;
import dev.templatestudio.bridge.template.WorkdirStep;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * Hidden: loads the classes the headless commands use (JSON, validation, import, the three
 * renderers; a real build, a run and the remote client's first request), so the launcher's
 * class data sharing archive, recorded while this runs, makes every later command start
 * quickly whichever one the user runs first. Prints nothing.
 */
@Command(name = "cds-training", hidden = true)
final class CdsTrainingCommand implements Callable<Integer> {

  @Override
  public Integer call() throws TemplateFormatException {
    Template t = Template.of(Base.image("python:3.12"),
            List.of(new AptStep(List.of("git", "curl")), new PipStep(List.of("fastapi"))))
        .withName("training").withTags(List.of("stable")).withRuntimeEnvs(Map.of("APP_ENV", "demo"))
        .withStart(new Start("uvicorn main:app", new Ready.Port(8000)));
    Template read = TemplateJson.read(TemplateJson.write(t), "training");
    TemplateValidator.validate(read);
    PythonRenderer.render(read);
    DockerfileImporter.importText(DockerfileRenderer.render(read) + "LABEL a=b\n", "training");
    buildAndRun();
    return 0;
  }

  /** Trains in a temp folder of its own, deleted afterwards. */
  private static void buildAndRun() {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("template-studio-training-");
      train(dir);
    } catch (IOException | RuntimeException e) {
      // Best effort: what training did not load comes from the jar when first used.
    } finally {
      if (dir != null) {
        try {
          Trees.delete(dir);
        } catch (IOException e) {
          // A temp folder left behind: the system's cleaning of its temp files removes it.
        }
      }
    }
  }

  /**
   * Builds a small template on a one-file rootfs in a store in {@code dir}, twice (the second is
   * the cached rebuild users repeat most), runs a command from it, looks for the engine as the thin client
   * does and sends the build to a runtime that is not there. Whatever the host refuses (no sandbox, say) only loads fewer
   * classes. Returns the two builds' exit codes.
   */
  static List<Integer> train(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("root/etc"));
    Files.writeString(dir.resolve("root/etc/hostname"), "training\n");
    Files.writeString(dir.resolve("file.txt"), "training\n");
    Files.writeString(dir.resolve("token"), "training\n");
    Template t = Template.of(Base.image("rootfs:root"), List.<Step>of(new EnvStep(Map.of("A", "b")),
        new WorkdirStep("/app"), new CopyStep(List.of("file.txt"), "/app/"))).withName("training");
    Path file = Files.writeString(dir.resolve("training.template.json"), TemplateJson.write(t));
    PrintWriter none = new PrintWriter(Writer.nullWriter());
    String store = dir.resolve("store").toString();
    List<Integer> codes = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      codes.add(TemplateStudioCommand.run(new String[] {"build", "--store", store, file.toString()}, none, none));
    }
    TemplateStudioCommand.run(new String[] {"run", "--store", store, "training", "--", "/no-such-command"}, none, none);
    EngineClient.train(dir.resolve("store"));
    // The discard port: nothing listens there, so the client fails at its first request.
    TemplateStudioCommand.run(new String[] {"build", "--runtime", "http://127.0.0.1:9", "--token-file",
        dir.resolve("token").toString(), file.toString()}, none, none);
    return codes;
  }
}
