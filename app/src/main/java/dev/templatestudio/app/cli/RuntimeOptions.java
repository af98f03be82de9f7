package dev.templatestudio.app.cli;

import dev.templatestudio.bridge.build.Runtime;
import dev.templatestudio.bridge.runtimes.Runtimes;
import dev.templatestudio.bridge.remote.BearerToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code --runtime RUNTIME [--token-file F] [--store DIR]}, shared by build, run and templates. */
final class RuntimeOptions {
  @Option(names = "--runtime", paramLabel = "RUNTIME", description = "embedded (default), http://HOST:PORT or https://… (a serve instance), docker (the local "
      + "Docker Engine) or docker:tcp://HOST:PORT.")
  String runtime;

  @Option(names = "--token-file", paramLabel = "F",
      description = "The token of an http(s) runtime, as serve wrote it (default: $TEMPLATE_STUDIO_TOKEN).")
  Path tokenFile;

  @Mixin
  StoreOption store;

  /** Opens the chosen runtime; the caller closes it. */
  Runtime open() throws IOException {
    Path location = store.location();
    Invocation invocation = Invocation.current();
    if (invocation.store() != null && (runtime == null || runtime.isBlank() || runtime.strip().equals("embedded"))) {
      // In the local engine, which took this command only for its own store: the warm store, shared.
      return Runtimes.embedded(invocation.store(), invocation.env());
    }
    String token = token();
    try {
      return Runtimes.open(runtime, location, token, invocation.env());
    } catch (FileSystemException e) {
      throw store.explained(e, location);
    }
  }

  /** The token from --token-file; null leaves it to $TEMPLATE_STUDIO_TOKEN. */
  private String token() throws IOException {
    if (tokenFile == null) {
      return null;
    }
    if (Files.isDirectory(tokenFile)) {
      throw new CliException("--token-file " + tokenFile + " is a folder, not a file");
    }
    String text;
    try {
      // Latin-1 never fails to decode; a byte outside ASCII is then refused as such.
      text = new String(Files.readAllBytes(tokenFile), StandardCharsets.ISO_8859_1);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new CliException("--token-file " + tokenFile + ": there is no such file");
    } catch (IOException e) {
      throw new CliException("--token-file " + tokenFile + ": cannot read it (" + e.getMessage() + ")");
    }
    return BearerToken.check(text, "the token in --token-file " + tokenFile);
  }
}
