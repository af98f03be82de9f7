package dev.templatestudio.app.cli;

import dev.templatestudio.app.studio.StudioLauncher;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code gui [FILE]}: opens the studio, with FILE (a template or a Dockerfile) when given. */
@Command(name = "gui", description = "Open the studio window, optionally with FILE.")
final class GuiCommand implements Callable<Integer> {
  @Parameters(arity = "0..1", paramLabel = "FILE", description = "A template or Dockerfile to open.")
  Path file;

  @Override
  public Integer call() {
    return open(file);
  }

  static int open(Path file) {
    return StudioLauncher.launch(file);
  }
}
