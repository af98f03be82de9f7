package dev.templatestudio.bridge.build;

import dev.templatestudio.bridge.changes.FileChanges;
import java.io.IOException;
import dev.templatestudio.bridge.template.Resources;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Where templates are built and machines run: embedded, remote ({@code serve}) or Docker.
 * The CLI, the studio and the server drive every runtime through this one interface.
 */
public interface Runtime extends AutoCloseable {

  /** A short name for people: {@code embedded}, {@code http://host:7433}, {@code docker}. */
  String describe();

  /**
   * Starts a build and returns at once; events follow on the handle.
   *
   * @throws RuntimeUnavailableException when this runtime cannot build here at all
   */
  BuildHandle build(BuildRequest request) throws IOException;

  /** The templates this runtime holds. */
  List<TemplateInfo> templates() throws IOException;

  /**
   * Starts a machine from template {@code ref} ({@code name}, {@code name:tag} or
   * {@code name@sha256:…}), waits until its start command is ready (when it has one), runs
   * {@code command} in it with the template's runtime envs, then stops the machine, leaving
   * no process or mount behind. Blocks the calling thread; {@code output} receives each line
   * with its stream ({@code stdout} or {@code stderr}) from reader threads.
   *
   * @return the command's exit code
   * @throws RuntimeUnavailableException when this runtime cannot run machines
   */
  default int run(String ref, List<String> command, BiConsumer<String, String> output) throws IOException {
    throw new RuntimeUnavailableException("The " + describe() + " runtime cannot run machines yet; "
        + "use --runtime embedded.");
  }

  /**
   * As {@link #run(String, List, BiConsumer)}, with {@code stdin} (null: none) as the command's
   * standard input, closed at its end. A runtime that cannot pass input on (the remote
   * runtime) runs the command with none.
   */
  default int run(String ref, List<String> command, InputStream stdin, BiConsumer<String, String> output)
      throws IOException {
    return run(ref, command, output);
  }

  /**
   * As {@link #run(String, List, InputStream, BiConsumer)}, the machine held to
   * {@code resources} ({@code --cpus}, {@code --memory-mb}) instead of the template's own; a
   * null resources or field keeps the template's. A runtime that cannot limit its machines
   * refuses limits rather than ignore them.
   */
  default int run(String ref, List<String> command, InputStream stdin, Resources resources,
      BiConsumer<String, String> output) throws IOException {
    if (resources != null && (resources.cpus() != null || resources.memoryMb() != null)) {
      throw new RuntimeUnavailableException("The " + describe() + " runtime cannot limit a machine's cpus or "
          + "memory; run without --cpus and --memory-mb, or use --runtime embedded.");
    }
    return run(ref, command, stdin, output);
  }

  /**
   * The machines this runtime holds beyond one command (CONTRACT.md §7 {@code machine …}),
   * alive as long as this runtime is open.
   *
   * @throws RuntimeUnavailableException when this runtime cannot hold machines
   */
  default dev.templatestudio.bridge.machines.Machines machines() throws RuntimeUnavailableException {
    throw new RuntimeUnavailableException("The " + describe() + " runtime cannot hold machines yet; "
        + "use a template-studio serve (--runtime http://HOST:PORT) or the embedded runtime.");
  }

  /**
   * What this runtime's built steps did to their file systems: the files each step's layer
   * added, changed and removed, and two builds of a template side by side.
   *
   * @throws RuntimeUnavailableException for a runtime whose layers are not on this machine
   *     (remote, docker): one sentence saying where file changes are available
   */
  default FileChanges fileChanges() throws RuntimeUnavailableException {
    throw new RuntimeUnavailableException("File changes are available for builds on the embedded runtime, "
        + "not on " + describe() + ".");
  }

  /**
   * What a build of {@code request} would do with the cache now, step by step, worked out from
   * what this runtime already has, without building, pulling or changing anything. Empty for a
   * runtime that cannot tell (the remote and docker runtimes). Blocks the calling thread, which
   * must not be the UI thread: it reads the context's files.
   *
   * @param reuse how to hash the context's files: a prediction after every edit reuses the
   *              hashes of unchanged files, and gives up ({@link java.util.concurrent.CancellationException})
   *              once the prediction is stale
   */
  default Optional<CachePrediction> predict(BuildRequest request, HashReuse reuse) throws IOException {
    return Optional.empty();
  }

  @Override
  default void close() {}
}
