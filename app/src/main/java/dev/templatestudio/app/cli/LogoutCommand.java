package dev.templatestudio.app.cli;

import dev.templatestudio.bridge.embedded.image.ImageSourceException;
import dev.templatestudio.bridge.embedded.image.RegistryCredentials;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code logout REGISTRY}: removes the login {@code login} (or {@code docker login}) kept. */
@Command(name = "logout", description = "Remove the login for a registry from Docker's config.json.")
final class LogoutCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "REGISTRY", description = "host[:port]")
  String registry;

  @Override
  public Integer call() {
    RegistryCredentials credentials = RegistryCredentials.current();
    String host = RegistryCredentials.registryHost(registry);
    boolean removed;
    try {
      removed = credentials.erase(host);
    } catch (ImageSourceException e) {
      throw new CliException(e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(removed ? "removed the login for " + host + " from " + credentials.file()
        : "there was no login for " + host + " in " + credentials.file());
    out.flush();
    return 0;
  }
}
