package dev.templatestudio.app.cli;

import dev.templatestudio.bridge.build.Runtime;
import dev.templatestudio.bridge.build.Runtimes;
import java.io.IOException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code --runtime RUNTIME [--store DIR]}, shared by build, run and templates. */
final class RuntimeOptions {
  @Option(names = "--runtime", paramLabel = "RUNTIME", description = "embedded (default), http://HOST:PORT or docker.")
  String runtime;

  @Mixin
  StoreOption store;

  /** Opens the chosen runtime; the caller closes it. */
  Runtime open() throws IOException {
    return Runtimes.open(runtime, store.location());
  }
}
