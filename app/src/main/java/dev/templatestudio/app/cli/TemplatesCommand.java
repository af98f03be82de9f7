package dev.templatestudio.app.cli;

import dev.templatestudio.bridge.build.Runtime;
import dev.templatestudio.bridge.build.TemplateInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code templates}: the built templates, one per line: name, tags, canonical ref, size. */
@Command(name = "templates", description = "List built templates.")
final class TemplatesCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  RuntimeOptions runtimeOptions;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    try (Runtime rt = runtimeOptions.open()) {
      List<TemplateInfo> templates = rt.templates();
      if (templates.isEmpty()) {
        out.println("no templates built yet");
      } else {
        out.printf(Locale.ROOT, "%-24s %-20s %-10s %s%n", "NAME", "TAGS", "SIZE", "REF");
        for (TemplateInfo t : templates) {
          out.printf(Locale.ROOT, "%-24s %-20s %-10s %s%n", t.name(),
              t.tags().isEmpty() ? "-" : String.join(",", t.tags()), size(t.sizeBytes()), t.ref());
        }
      }
      out.flush();
      return 0;
    }
  }

  static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    if (bytes < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f kB", bytes / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
  }
}
