package dev.templatestudio.app.cli;

import dev.templatestudio.bridge.dockerfile.LoadedTemplate;
import dev.templatestudio.bridge.template.TemplateJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code import DOCKERFILE [-o OUT.json]}: the template JSON on stdout or in OUT. */
@Command(name = "import", description = "Import a Dockerfile as a template (JSON on stdout or in OUT).")
final class ImportCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "DOCKERFILE", description = "The Dockerfile to import (or a folder holding one).")
  Path dockerfile;

  @Option(names = {"-o", "--output"}, paramLabel = "OUT.json", description = "Write the template here.")
  Path output;

  @Override
  public Integer call() {
    if (output != null && Files.isDirectory(output)) {
      throw new CliException(output + " is a folder, not a file");
    }
    LoadedTemplate result = TemplateFiles.loadWithDiagnostics(dockerfile, spec.commandLine().getErr());
    if (result.hasErrors()) {
      return 1;
    }
    String json = TemplateJson.write(result.template());
    if (output == null) {
      spec.commandLine().getOut().print(json);
      spec.commandLine().getOut().flush();
    } else {
      AtomicFiles.writeString(output, json);
    }
    return 0;
  }
}
