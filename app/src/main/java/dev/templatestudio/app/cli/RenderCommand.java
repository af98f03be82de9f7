package dev.templatestudio.app.cli;

import dev.templatestudio.bridge.dockerfile.DockerfileRenderer;
import dev.templatestudio.bridge.dockerfile.PythonRenderer;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.TemplateJson;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code render FILE --format dockerfile|json|python [--python-import e2b|template_studio]}. */
@Command(name = "render", description = "Print a template as a Dockerfile, JSON or Python SDK code.")
final class RenderCommand implements Callable<Integer> {
  enum Format { dockerfile, json, python }

  /** The Python module the code imports: the names users type. */
  enum PythonImport { e2b, template_studio }

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "A *.template.json (or a Dockerfile).")
  Path file;

  @Option(names = "--format", required = true, paramLabel = "dockerfile|json|python",
      description = "What to print: ${COMPLETION-CANDIDATES}.")
  Format format;

  @Option(names = "--python-import", paramLabel = "e2b|template_studio", defaultValue = "e2b",
      description = "With --format python: code for the SDK (e2b, the default) or for this project's "
          + "client in clients/python (template_studio), which builds on template-studio serve.")
  PythonImport pythonImport;

  @Override
  public Integer call() {
    Template template = TemplateFiles.load(file, spec.commandLine().getErr());
    String text = switch (format) {
      case dockerfile -> DockerfileRenderer.render(template);
      case json -> TemplateJson.write(template);
      case python -> PythonRenderer.render(template, client());
    };
    spec.commandLine().getOut().print(text);
    spec.commandLine().getOut().flush();
    return 0;
  }

  private PythonRenderer.Client client() {
    return pythonImport == PythonImport.template_studio ? PythonRenderer.Client.TEMPLATE_STUDIO
        : PythonRenderer.Client.SDK;
  }
}
