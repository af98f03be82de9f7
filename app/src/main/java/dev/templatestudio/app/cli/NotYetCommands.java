package dev.templatestudio.app.cli;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** Subcommands of the contract whose runtime has not landed yet: they say so in one sentence. */
final class NotYetCommands {
  private NotYetCommands() {}

  abstract static class NotYet implements Callable<Integer> {
    @Unmatched
    List<String> ignored;

    @Override
    public Integer call() {
      throw new CliException("'" + getClass().getSimpleName().toLowerCase(Locale.ROOT)
          + "' is not available yet in this version; see the README for what works today");
    }
  }

  @Command(name = "serve", description = "Serve the remote runtime API (not available yet).")
  static final class Serve extends NotYet {}
}
