package dev.templatestudio.app.cli;

import dev.templatestudio.bridge.docker.CacheVolumes;
import dev.templatestudio.bridge.docker.DockerHost;
import dev.templatestudio.bridge.embedded.prune.Prunable;
import dev.templatestudio.bridge.embedded.prune.PruneOptions;
import dev.templatestudio.bridge.embedded.prune.PruneReport;
import dev.templatestudio.bridge.embedded.prune.StorePruner;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.runtimes.ServeStorage;
import dev.templatestudio.bridge.server.ServeContexts;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code prune}: frees disk in the store (CONTRACT.md §7). Removes what nothing uses, then the
 * build cache least recently used first, never a template or what it uses unless {@code --all};
 * with {@code --keep-storage} only while the store is larger than that. Waits for builds and
 * machines that use the store; the store stays whole if interrupted. Exit 0, 1 on an error, 2
 * on bad usage.
 */
@Command(name = "prune", description = "Free disk in the store: build cache least recently used first; templates only with --all.")
final class PruneCommand implements Callable<Integer> {
  private static final long MB = 1024 * 1024;

  @Spec
  CommandSpec spec;

  @Option(names = "--keep-storage", paramLabel = "MB",
      description = "Keep the store this large: remove nothing while it is no larger, least recently used first past it.")
  Long keepStorageMb;

  @Option(names = "--all", description = "Templates may go too, with their layers (least recently built or run first).")
  boolean all;

  @Option(names = "--dry-run", description = "Say what would be removed; remove nothing.")
  boolean dryRun;

  @Option(names = "--runtime", paramLabel = "RUNTIME",
      description = "embedded (default: the store) or docker, docker:unix:///PATH, docker:tcp://HOST:PORT "
          + "(the engine's cache-mount volumes that no container uses).")
  String runtime;

  @Mixin
  StoreOption store;

  @Override
  public Integer call() throws IOException {
    if (keepStorageMb != null && keepStorageMb < 0) {
      throw new CliException("--keep-storage " + keepStorageMb + ": use 0 or more (MB)", 2);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String chosen = runtime == null || runtime.isBlank() ? "embedded" : runtime.trim();
    if (chosen.equals("docker") || chosen.startsWith("docker:")) {
      return pruneDocker(chosen, out);
    }
    if (!chosen.equals("embedded")) {
      throw new CliException("prune frees the embedded store or a Docker Engine's cache volumes; --runtime " + chosen
          + " is neither (prune on the machine that serves it)", 2);
    }
    Store s = store.open();
    PruneOptions options = new PruneOptions(keepStorageMb == null ? -1 : keepStorageMb * MB, all);
    StorePruner pruner = new StorePruner(s);
    Optional<ServeContexts> contexts = ServeContexts.whenIdle(s.root());
    PruneReport report;
    try {
      if (contexts.isEmpty() && java.nio.file.Files.isDirectory(s.root().resolve("serve/contexts"))) {
        say(err, "a serve uses this store: the contexts uploaded to it are left to it (serve --keep-storage-mb)");
      }
      Prunable uploaded = contexts.map(ServeStorage::prunable).orElse(null);
      report = dryRun ? pruner.dryRun(options, uploaded)
          : pruner.prune(options, uploaded,
              () -> say(err, "waiting for the builds and machines using the store to end (Ctrl+C stops waiting)"));
    } finally {
      if (contexts.isPresent()) {
        contexts.get().close();
      }
    }
    print(out, report);
    return 0;
  }

  /** The docker runtime's volumes on the engine that nothing uses: its only disk besides images, which docker prunes. */
  private int pruneDocker(String chosen, PrintWriter out) throws IOException {
    if (keepStorageMb != null || all) {
      throw new CliException("--keep-storage and --all are the embedded store's; prune --runtime docker removes the "
          + "cache-mount volumes no container uses (docker image prune removes images)", 2);
    }
    DockerHost host = DockerHost.fromSpec(chosen, System.getenv());
    CacheVolumes.Pruned pruned = CacheVolumes.prune(host, dryRun);
    for (CacheVolumes.Volume v : pruned.inUse()) {
      out.println("kept " + v.name() + ": a container uses it");
    }
    if (pruned.removed().isEmpty()) {
      out.println("nothing to prune: no cache volume of template studio that no container uses on " + host.url());
    } else {
      out.println((dryRun ? "would remove " : "removed ") + pruned.removed().size() + " cache volume"
          + (pruned.removed().size() == 1 ? "" : "s") + " (" + PruneReport.size(pruned.freedBytes()) + "): "
          + String.join(", ", pruned.removed().stream().map(CacheVolumes.Volume::name).toList()));
    }
    out.flush();
    return 0;
  }

  private void print(PrintWriter out, PruneReport report) {
    if (report.isEmpty()) {
      out.println(keepStorageMb != null && report.beforeBytes() <= keepStorageMb * MB
          ? "nothing to prune: the store is " + PruneReport.size(report.beforeBytes()) + ", within --keep-storage "
              + keepStorageMb + " MB"
          : "nothing to prune: the store is " + PruneReport.size(report.beforeBytes()));
      return;
    }
    String verb = report.dryRun() ? "would remove " : "removed ";
    for (PruneReport.Line line : report.lines()) {
      String names = line.what().equals("templates") ? ": " + String.join(", ", report.templates()) : "";
      out.println(verb + line.counted() + " (" + PruneReport.size(line.bytes()) + ")" + names);
    }
    out.println(report.dryRun()
        ? "would free " + PruneReport.size(report.freedBytes()) + "; the store would be "
            + PruneReport.size(report.afterBytes()) + " (now " + PruneReport.size(report.beforeBytes()) + ")"
        : "freed " + PruneReport.size(report.freedBytes()) + "; the store is now "
            + PruneReport.size(report.afterBytes()) + " (was " + PruneReport.size(report.beforeBytes()) + ")");
    out.flush();
  }

  private static void say(PrintWriter err, String line) {
    err.println("template-studio: " + line);
    err.flush();
  }
}
