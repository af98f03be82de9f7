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
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * Hidden: loads the classes the headless commands use (JSON, validation, import, the three
 * renderers), so the launcher's class data sharing archive, recorded while this runs, makes
 * every later command start quickly whichever one the user runs first. Prints nothing.
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
    return 0;
  }
}
