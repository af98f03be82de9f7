package dev.templatestudio.app.cli;

import dev.templatestudio.bridge.embedded.image.ImageSourceException;
import dev.templatestudio.bridge.embedded.image.PushProgress;
import dev.templatestudio.bridge.embedded.image.RegistryCredentials;
import dev.templatestudio.bridge.embedded.image.RegistryPush;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.embedded.store.StoreGate;
import dev.templatestudio.bridge.embedded.store.TemplateIndex;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code push REF DEST}: uploads a built template to a registry as an OCI image, with the
 * logins {@code login} (or {@code docker login}) kept. Progress on stderr; the pushed manifest
 * digest alone on stdout, for scripts.
 */
@Command(name = "push", description = "Push a built template to a registry as an OCI image; prints its digest.")
final class PushCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "REF", description = "name, name:tag or name@sha256:…")
  String ref;

  @Parameters(index = "1", paramLabel = "DEST", description = "registry/repository:tag, e.g. ghcr.io/team/hello:stable")
  String dest;

  @Mixin
  StoreOption store;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Store opened = store.open();
    // Held while pushing: a prune --all never takes the template's blobs from under it.
    try (StoreGate.Hold hold = StoreGate.shared(opened.root(), () -> {
      err.println("template-studio: waiting for a prune of the store to finish");
      err.flush();
    })) {
      TemplateIndex.Resolved resolved = opened.templates().resolve(ref).orElseThrow(() -> new CliException(
          "no template '" + ref + "' in the store at " + store.location() + "; 'template-studio templates' lists them"));
      RegistryPush.Result result;
      long started = System.nanoTime();
      try {
        result = RegistryPush.push(opened.blobs(), resolved.ref(), resolved.manifestDigest(), dest,
            RegistryCredentials.current(), progress(err));
      } catch (ImageSourceException e) {
        throw new CliException("push of " + resolved.ref() + " to " + dest + " failed: " + e.getMessage());
      }
      err.printf(Locale.ROOT, "pushed %s to %s in %.1f s (%d uploaded, %d already there, %d mounted)%n",
          resolved.ref(), result.reference(), (System.nanoTime() - started) / 1e9, result.uploaded(),
          result.existed(), result.mounted());
      err.flush();
      out.println(result.digest());
      out.flush();
      return 0;
    }
  }

  /** One line per blob state change, and a line per 16 MB uploaded. */
  static PushProgress progress(PrintWriter err) {
    return new PushProgress() {
      private long reported;

      @Override
      public void blob(String digest, long done, long total, State state) {
        String blob = digest.substring(0, Math.min(19, digest.length()));
        String line = switch (state) {
          case EXISTS -> blob + " already in the registry";
          case MOUNTED -> blob + " mounted from another repository";
          case RESUMED -> blob + " resumed at " + mb(done) + " of " + mb(total);
          case DONE -> blob + " uploaded (" + mb(total) + ")";
          case UPLOADING -> done - reported >= (16L << 20) ? blob + " " + mb(done) + " of " + mb(total) : null;
        };
        if (state != State.UPLOADING) {
          reported = 0;
        } else if (line != null) {
          reported = done;
        }
        if (line != null) {
          err.println("push: " + line);
          err.flush();
        }
      }
    };
  }

  private static String mb(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
  }
}
