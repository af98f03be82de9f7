package dev.templatestudio.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.templatestudio.bridge.dockerfile.ImportResult;
import dev.templatestudio.bridge.dockerfile.LoadedTemplate;
import dev.templatestudio.bridge.lint.Finding;
import dev.templatestudio.bridge.lint.TemplateLinter;
import dev.templatestudio.bridge.template.TemplateJson;
import dev.templatestudio.bridge.text.Plural;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lint FILE [--format text|json]} (CONTRACT.md §7, docs/lint.md): what makes the template
 * slow to build or fragile, one finding a line or a JSON array on stdout. Exit 1 on an
 * error-level finding, 0 otherwise, 2 when FILE cannot be loaded, so a script can tell "lint
 * failed" from "could not lint".
 */
@Command(name = "lint", description = "Find what makes a template slow to build or fragile, each with its "
    + "rule id, place and fix; exit 1 on an error-level finding (docs/lint.md).")
final class LintCommand implements Callable<Integer> {
  enum Format { text, json }

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "A *.template.json, a Dockerfile, or a folder holding one.")
  Path file;

  @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
      description = "text (one finding a line, the default) or json (an array of findings).")
  Format format;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    LoadedTemplate loaded;
    try {
      loaded = TemplateFiles.loadSource(file, err);
    } catch (CliException e) {
      throw new CliException(e.getMessage(), 2);
    }
    List<Finding> findings = TemplateLinter.lint(loaded.template());
    PrintWriter out = spec.commandLine().getOut();
    String name = loaded.file().toString();
    if (format == Format.json) {
      out.println(json(name, loaded, findings));
    } else {
      for (Finding f : findings) {
        ImportResult.Place at = loaded.placeOf(f.step());
        out.println(name + (at == null ? "" : ":" + at.line() + ":" + at.column()) + ": " + f.format());
      }
      long errors = findings.stream().filter(Finding::isError).count();
      err.println(name + ": " + (findings.isEmpty() ? "no findings"
          : Plural.of(findings.size(), "finding") + (errors == 0 ? "" : ", " + Plural.of(errors, "error"))));
    }
    out.flush();
    err.flush();
    return findings.stream().anyMatch(Finding::isError) ? 1 : 0;
  }

  /** The findings as a JSON array with the field names docs/lint.md fixes. */
  private static String json(String name, LoadedTemplate loaded, List<Finding> findings) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Finding f : findings) {
      ImportResult.Place at = loaded.placeOf(f.step());
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("file", name);
      row.put("line", at == null ? null : at.line());
      row.put("column", at == null ? null : at.column());
      row.put("step", f.step() < 0 ? null : f.step());
      row.put("field", f.field());
      row.put("rule", f.rule());
      row.put("severity", f.severity().word());
      row.put("message", f.message());
      row.put("fix", f.fix());
      rows.add(row);
    }
    try {
      return TemplateJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(rows);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("maps of strings and numbers always serialise", e);
    }
  }
}
