package dev.templatestudio.app.cli;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.embedded.image.ImageSourceException;
import dev.templatestudio.bridge.embedded.image.PushProgress;
import dev.templatestudio.bridge.embedded.image.RegistryCache;
import dev.templatestudio.bridge.embedded.image.RegistryCredentials;
import dev.templatestudio.bridge.embedded.image.RegistryPush;
import dev.templatestudio.bridge.embedded.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/**
 * {@code build --cache-from registry:REF --cache-to registry:REF}: a build cache several
 * machines share through a registry (CONTRACT.md §7). Read before a local build, written after
 * a ready one, with the logins of this machine's user.
 */
final class CacheOptions {
  private static final String PREFIX = "registry:";

  @Option(names = "--cache-from", paramLabel = "registry:REF",
      description = "Add the build cache kept at REF in a registry to the store's before building.")
  String cacheFrom;

  @Option(names = "--cache-to", paramLabel = "registry:REF",
      description = "Keep this build's cache entries at REF in a registry after a ready build.")
  String cacheTo;

  /** Each step's cache key, in order, as the build's events give them. */
  final List<String> keys = new ArrayList<>();

  boolean given() {
    return cacheFrom != null || cacheTo != null;
  }

  /** The --cache-from registry reference, without {@code registry:}; null when not given. */
  String fromRef() {
    return cacheFrom == null ? null : cacheFrom.substring(PREFIX.length());
  }

  /** The --cache-to registry reference, without {@code registry:}; null when not given. */
  String toRef() {
    return cacheTo == null ? null : cacheTo.substring(PREFIX.length());
  }

  /** Refuses a value that is no {@code registry:REF} as bad usage. */
  void check() {
    for (String[] option : new String[][] {{"--cache-from", cacheFrom}, {"--cache-to", cacheTo}}) {
      if (option[1] != null && (!option[1].startsWith(PREFIX) || option[1].length() == PREFIX.length())) {
        throw new CliException(option[0] + " " + option[1] + ": give registry:REF, such as "
            + "registry:127.0.0.1:5000/team/cache:main", 2);
      }
    }
  }

  /** Wraps the event printer so the steps' cache keys are kept for --cache-to. */
  Consumer<BuildEvent> recording(Consumer<BuildEvent> printer) {
    return e -> {
      if (e.cacheKey() != null && (BuildEvent.CACHE_HIT.equals(e.kind()) || BuildEvent.CACHE_MISS.equals(e.kind()))) {
        synchronized (keys) {
          keys.add(e.cacheKey());
        }
      }
      printer.accept(e);
    };
  }

  void importBefore(Store store, String name, PrintWriter err) {
    if (cacheFrom == null) {
      return;
    }
    try {
      RegistryCache.Imported imported = RegistryCache.importFrom(store, name, cacheFrom.substring(PREFIX.length()),
          RegistryCredentials.current());
      say(err, imported.warning() != null ? "warning: --cache-from: " + imported.warning()
          : "--cache-from: " + imported.entries() + " cache entries and " + imported.layers() + " layers from "
              + cacheFrom.substring(PREFIX.length()) + " (" + imported.unpacked() + " base layers unpacked)");
    } catch (ImageSourceException e) {
      throw new CliException("--cache-from " + cacheFrom + ": " + e.getMessage());
    } catch (IOException e) {
      throw new CliException("--cache-from " + cacheFrom + ": cannot read it (" + e.getMessage() + ")");
    }
  }

  void exportAfter(Store store, String name, PrintWriter err) {
    if (cacheTo == null) {
      return;
    }
    try {
      List<String> copy;
      synchronized (keys) {
        copy = List.copyOf(keys);
      }
      RegistryPush.Result result = RegistryCache.export(store, name, copy, cacheTo.substring(PREFIX.length()),
          RegistryCredentials.current(), PushProgress.NONE);
      say(err, "--cache-to: " + copy.size() + " steps kept at " + result.reference() + " (" + result.uploaded()
          + " blobs uploaded, " + result.existed() + " already there)");
    } catch (IOException e) {
      throw new CliException("the build is ready, but --cache-to " + cacheTo + " failed: " + e.getMessage());
    }
  }

  private static void say(PrintWriter err, String line) {
    err.println("template-studio: " + line);
    err.flush();
  }
}
