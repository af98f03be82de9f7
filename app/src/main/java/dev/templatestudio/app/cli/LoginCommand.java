package dev.templatestudio.app.cli;

import dev.templatestudio.bridge.embedded.image.Credential;
import dev.templatestudio.bridge.embedded.image.ImageSourceException;
import dev.templatestudio.bridge.embedded.image.RegistryCredentials;
import dev.templatestudio.bridge.embedded.image.RegistryLogin;
import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code login REGISTRY [-u USER] [--password-stdin]}: checks the login against the registry,
 * then keeps it where Docker does ({@code $DOCKER_CONFIG/config.json} or {@code ~/.docker/},
 * or its credential helper). The password is never an argument: stdin or the terminal.
 */
@Command(name = "login", description = "Log in to a registry; the login is kept in Docker's config.json.")
final class LoginCommand implements Callable<Integer> {
  /** More than any password or token; a bound against a stream piped in by mistake. */
  private static final int MAX_SECRET = 16 * 1024;

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "REGISTRY", description = "host[:port], e.g. ghcr.io or 127.0.0.1:5000")
  String registry;

  @Option(names = {"-u", "--username"}, paramLabel = "USER", description = "The user name.")
  String username;

  @Option(names = "--password-stdin", description = "Read the password (or token) from stdin.")
  boolean passwordStdin;

  @Override
  public Integer call() throws IOException {
    Credential credential = passwordStdin ? fromStdin() : fromTerminal();
    RegistryCredentials credentials = RegistryCredentials.current();
    String host = RegistryCredentials.registryHost(registry);
    try {
      RegistryLogin.verify(host, credential);
      credentials.store(host, credential);
    } catch (ImageSourceException e) {
      throw new CliException(e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("logged in to " + host + " as " + credential.username() + " (kept in " + credentials.file() + ")");
    out.flush();
    return 0;
  }

  private Credential fromStdin() throws IOException {
    if (username == null || username.isBlank()) {
      throw new CliException("login --password-stdin needs the user name: give it with -u USER");
    }
    String password = stripNewline(readBounded(System.in));
    if (password.isEmpty()) {
      throw new CliException("login --password-stdin read no password from stdin");
    }
    return Credential.basic(username, password);
  }

  private Credential fromTerminal() {
    Console console = System.console();
    if (console == null) {
      throw new CliException("login has no terminal to ask for the password on; pipe it in with --password-stdin");
    }
    String user = username;
    if (user == null || user.isBlank()) {
      user = console.readLine("Username: ");
      if (user == null || user.isBlank()) {
        throw new CliException("login needs a user name");
      }
    }
    char[] password = console.readPassword("Password: ");
    if (password == null || password.length == 0) {
      throw new CliException("login needs a password");
    }
    return Credential.basic(user.strip(), new String(password));
  }

  private static String readBounded(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    int n;
    while ((n = in.read(buffer)) > 0) {
      if (bytes.size() + n > MAX_SECRET) {
        throw new CliException("login --password-stdin read more than " + MAX_SECRET / 1024
            + " KiB from stdin, which is no password");
      }
      bytes.write(buffer, 0, n);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** As docker login: one trailing newline (from echo or a file) is not part of the password. */
  private static String stripNewline(String s) {
    return s.endsWith("\r\n") ? s.substring(0, s.length() - 2) : s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
  }
}
