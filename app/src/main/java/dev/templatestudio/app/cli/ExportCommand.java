package dev.templatestudio.app.cli;

import dev.templatestudio.bridge.embedded.export.OciLayoutExporter;
import dev.templatestudio.bridge.embedded.export.RootfsExporter;
import dev.templatestudio.bridge.embedded.store.BlobStore;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.embedded.store.StoreGate;
import dev.templatestudio.bridge.embedded.store.TemplateIndex;
import dev.templatestudio.bridge.runtimes.DockerExport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code export REF --oci DIR | --rootfs-tar FILE | --ext4 FILE [--runtime docker…]}: writes a
 * built template out of the embedded store, or (with a docker runtime) out of the Docker
 * Engine's images, as an OCI image layout, a flattened rootfs tar or an ext4 disk image.
 */
@Command(name = "export", description = "Export a built template as an OCI layout, a rootfs tar or an ext4 disk image.")
final class ExportCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "REF", description = "name, name:tag or name@sha256:…")
  String ref;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Target target;

  @Mixin
  StoreOption store;

  @Option(names = "--runtime", paramLabel = "RUNTIME",
      description = "embedded (default: the store) or docker, docker:unix:///PATH, docker:tcp://HOST:PORT (the engine's images).")
  String runtime;

  /** Exactly one of the three targets. */
  static final class Target {
    @Option(names = "--oci", paramLabel = "DIR", required = true,
        description = "An OCI image layout (for skopeo, umoci, podman, containerd).")
    Path oci;

    @Option(names = "--rootfs-tar", paramLabel = "FILE", required = true,
        description = "One tar of the merged root filesystem.")
    Path rootfsTar;

    @Option(names = "--ext4", paramLabel = "FILE", required = true,
        description = "An ext4 disk image of the root filesystem, for a microVM (needs root and e2fsprogs).")
    Path ext4;
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    checkTarget();
    Path location = store.location();
    String chosen = runtime == null || runtime.isBlank() ? "embedded" : runtime.trim();
    if (chosen.equals("docker") || chosen.startsWith("docker:")) {
      // The engine's save is unpacked in the store's folder, not /tmp: an image may not fit a tmpfs.
      try (DockerExport saved = DockerExport.of(chosen, ref, location.resolve("docker"))) {
        return write(out, err, saved.blobs(), saved.manifestDigest(), saved.ref());
      }
    }
    if (!chosen.equals("embedded")) {
      throw new CliException("export reads the embedded store or a Docker Engine; --runtime " + chosen
          + " is neither (export on the machine that serves it)");
    }
    Store opened = store.open();
    // Held while exporting: a prune --all never takes the template's blobs from under it.
    try (StoreGate.Hold hold = StoreGate.shared(opened.root(),
        () -> say(err, "waiting for a prune of the store to finish"))) {
      return export(out, err, location, opened);
    }
  }

  private int export(PrintWriter out, PrintWriter err, Path location, Store opened) throws IOException {
    TemplateIndex.Resolved resolved = opened.templates().resolve(ref).orElseThrow(() -> new CliException(
        "no template '" + ref + "' in the store at " + location + "; 'template-studio templates' lists them"));
    String digest = resolved.manifestDigest();
    if (!opened.blobs().has(digest)) {
      throw new CliException("template " + resolved.ref() + " is not in the store at " + location + "; build it again");
    }
    return write(out, err, opened.blobs(), digest, resolved.ref());
  }

  private int write(PrintWriter out, PrintWriter err, BlobStore blobs, String digest, String exported)
      throws IOException {
    List<String> warnings = List.of();
    String where;
    if (target.oci != null) {
      String tag = tagOf(ref);
      OciLayoutExporter.export(blobs, digest, target.oci, tag);
      where = "OCI layout " + target.oci + " (oci:" + target.oci + ":" + tag + ")";
    } else if (target.rootfsTar != null) {
      warnings = RootfsExporter.exportTar(blobs, digest, target.rootfsTar);
      where = "rootfs tar " + target.rootfsTar;
    } else {
      warnings = RootfsExporter.exportExt4(blobs, digest, target.ext4);
      where = "ext4 image " + target.ext4;
    }
    for (String warning : warnings) {
      err.println("warning: " + warning);
    }
    err.flush();
    out.println("exported " + exported + " to " + where);
    out.flush();
    return 0;
  }

  private static void say(PrintWriter err, String line) {
    err.println("template-studio: " + line);
    err.flush();
  }

  /** Refuses a target of the wrong kind before any work, naming the option. */
  private void checkTarget() {
    if (target.oci != null && Files.exists(target.oci) && !Files.isDirectory(target.oci)) {
      throw new CliException("--oci " + target.oci + " is a file, not a folder");
    }
    Path file = target.rootfsTar != null ? target.rootfsTar : target.ext4;
    if (file != null && Files.isDirectory(file)) {
      throw new CliException((target.rootfsTar != null ? "--rootfs-tar " : "--ext4 ") + file + " is a folder, not a file");
    }
  }

  /** The tag the layout gets: the one in REF, else latest. */
  static String tagOf(String ref) {
    int colon = ref.lastIndexOf(':');
    if (ref.contains("@") || colon < 0) {
      return "latest";
    }
    return ref.substring(colon + 1);
  }
}
