package dev.templatestudio.app.cli;

import dev.templatestudio.bridge.text.Plural;
import dev.templatestudio.bridge.template.Problem;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.TemplateValidator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code validate FILE}: every problem with its place; exit 1 when any is an error. */
@Command(name = "validate", description = "Check a template; exit 1 when it has errors.")
final class ValidateCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "A *.template.json (or a Dockerfile).")
  Path file;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    Template template = TemplateFiles.load(file, err);
    List<Problem> problems = TemplateValidator.validate(template);
    problems.forEach(p -> err.println(file + ": " + p));
    err.flush();
    long errors = problems.stream().filter(Problem::isError).count();
    if (errors > 0) {
      return 1;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(file + ": ok (" + Plural.of(template.steps().size(), "step")
        + (problems.isEmpty() ? "" : ", " + Plural.of(problems.size(), "warning")) + ")");
    out.flush();
    return 0;
  }
}
