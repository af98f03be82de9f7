package dev.templatestudio.bridge.machines;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Machines that live until removed or until their timeout, held by a long-lived process (the
 * studio's, or {@code serve}'s for the CLI and remote clients): create, run commands in, list,
 * read the start command's output of, and remove. Thread-safe.
 */
public interface Machines {

  /**
   * Starts a machine and waits until its start command is ready (at once when it has none).
   *
   * @throws IOException naming the readiness check's last answer when it never got ready (the
   *                     machine is then removed), or the unknown ref
   */
  MachineInfo create(MachineRequest request) throws IOException;

  List<MachineInfo> list();

  Optional<MachineInfo> info(String id);

  /**
   * Machine {@code id}'s state alone, without the usage {@link #info} reads from every process
   * of the host: what a warm pool asks on every hand-out.
   */
  default Optional<String> state(String id) {
    return info(id).map(MachineInfo::state);
  }

  /**
   * Waits (briefly) until commands in ready machine {@code id} start at once, as a warm pool
   * wants its machines before it hands them out; a holder with nothing to wait for returns at once.
   */
  default void warm(String id) throws InterruptedException {
  }

  /**
   * Runs {@code command} (argv) in machine {@code id} with the template's runtime envs and the
   * machine's own, reading {@code stdin} (null: none); {@code output} gets each line with its
   * stream. Blocks until the command ends; an interrupt kills it.
   *
   * @return its exit code
   * @throws UnknownMachineException when there is no such machine
   */
  int exec(String id, List<String> command, InputStream stdin, BiConsumer<String, String> output)
      throws IOException, InterruptedException;

  /**
   * The start command's output lines from line {@code from} (0: the first kept), each with its
   * number; with {@code follow}, waits for more until the machine stops or the thread is
   * interrupted.
   */
  void logs(String id, long from, boolean follow, LogLineConsumer consumer) throws IOException, InterruptedException;

  /** Stops machine {@code id}, kills all in it and deletes its files; false when there was none. */
  boolean remove(String id) throws IOException;

  /** The canonical ref ({@code name@sha256:…}) that {@code ref} names now. */
  default String resolve(String ref) throws IOException {
    return ref;
  }

  /** How many machines of {@code ref} this holder can keep at once, as far as it knows. */
  default int capacity(String ref) throws IOException {
    return Integer.MAX_VALUE;
  }

  /**
   * Keeps {@code ready} machines of {@code ref} started and ready, at most {@code max} with
   * those handed out (null: as many as the holder can hold), refilled in the background.
   *
   * @throws IOException naming how many it can hold when {@code ready} is more
   */
  default PoolInfo setPool(String ref, int ready, Integer max) throws IOException {
    throw new IOException("this runtime keeps no warm pools; use a template-studio serve");
  }

  default List<PoolInfo> pools() {
    return List.of();
  }

  /** Removes the pool of {@code ref} and its idle machines; false when there was none. */
  default boolean removePool(String ref) throws IOException {
    return false;
  }

  /** A start command's output line, numbered from 0. */
  @FunctionalInterface
  interface LogLineConsumer {
    void line(long number, String stream, String text) throws IOException;
  }
}
