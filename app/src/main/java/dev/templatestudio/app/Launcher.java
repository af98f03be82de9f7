package dev.templatestudio.app;

import dev.templatestudio.app.cli.TemplateStudioCommand;
import dev.templatestudio.app.studio.StartupTiming;

/**
 * The entry point of {@code template-studio}. Not an {@code Application} subclass on purpose:
 * launched from the class path, JavaFX refuses a main class that extends Application.
 * No arguments (or {@code gui [FILE]}) opens the studio; a subcommand runs headless.
 */
public final class Launcher {
  private Launcher() {}

  public static void main(String[] args) {
    StartupTiming.mark("main");
    System.exit(TemplateStudioCommand.run(args));
  }
}
