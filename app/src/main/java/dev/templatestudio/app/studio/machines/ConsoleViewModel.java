package dev.templatestudio.app.studio.machines;

import dev.templatestudio.bridge.machines.Machines;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The console of one machine: runs a command line in it with {@code sh -c}, one at a time, and
 * keeps what it printed (stdout, stderr), each command line and its exit code, and the history
 * of command lines. Output arrives on the command's thread and is handed to the UI in batches,
 * one per {@code ui} turn. FX thread, except where said.
 */
public final class ConsoleViewModel {
  /** Lines kept on show; older ones go first. */
  static final int MAX_LINES = 5_000;
  /** Command lines kept in the history. */
  static final int MAX_HISTORY = 200;
  /** Characters kept of one output line: a line without an end stays bounded. */
  static final int MAX_LINE_CHARS = 4_000;

  /**
   * One line on show: {@code kind} is stdout, stderr, command (the line typed), exit (code 0)
   * or failed (another code, an interrupt, an error).
   */
  public record Line(String kind, String text) {}

  private final String machineId;
  private final MachineHolder.Held<String> where;
  private final MachineHolder holder;
  private final ExecutorService commands;
  private final Executor ui;
  private final LongSupplier clock;
  private final ObservableList<Line> lines = FXCollections.observableArrayList();
  private final List<String> history = new ArrayList<>();
  private final Queue<Line> pending = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean drainQueued = new AtomicBoolean();
  private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
  private final ReadOnlyBooleanWrapper gone = new ReadOnlyBooleanWrapper(this, "gone");
  private final ReadOnlyStringWrapper lastExit = new ReadOnlyStringWrapper(this, "lastExit", "");
  /** Where Up/Down is in the history: its size while the person types a new line. */
  private int historyAt;
  private Future<?> current;

  /**
   * @param where    the runtime name and the machine's id
   * @param commands runs the commands (one thread per running command); the caller shuts it down
   * @param ui       hands work to the UI thread
   */
  ConsoleViewModel(MachineHolder.Held<String> where, MachineHolder holder, ExecutorService commands, Executor ui,
      LongSupplier clock) {
    this.where = where;
    this.machineId = where.info();
    this.holder = holder;
    this.commands = commands;
    this.ui = ui;
    this.clock = clock;
  }

  public String machineId() {
    return machineId;
  }

  public ObservableList<Line> lines() {
    return lines;
  }

  public ReadOnlyBooleanProperty runningProperty() {
    return running.getReadOnlyProperty();
  }

  /** True once the machine is no longer there: the console runs nothing more. */
  public ReadOnlyBooleanProperty goneProperty() {
    return gone.getReadOnlyProperty();
  }

  /** "exit 0 · 12 ms" after a command; "" before the first. */
  public ReadOnlyStringProperty lastExitProperty() {
    return lastExit.getReadOnlyProperty();
  }

  /** Runs {@code commandLine} with {@code sh -c} unless one is running or it is blank; false when it did not. */
  public boolean run(String commandLine) {
    if (running.get() || gone.get() || commandLine == null || commandLine.isBlank()) {
      return false;
    }
    if (history.isEmpty() || !history.get(history.size() - 1).equals(commandLine)) {
      history.add(commandLine);
      if (history.size() > MAX_HISTORY) {
        history.remove(0);
      }
    }
    historyAt = history.size();
    append(new Line("command", "$ " + commandLine));
    running.set(true);
    lastExit.set("running\u2026");
    long started = clock.getAsLong();
    current = commands.submit(() -> {
      String end;
      boolean ok = false;
      try {
        Machines m = holder.machines(where.runtime());
        int code = m.exec(machineId, List.of("sh", "-c", commandLine), null,
            (stream, text) -> offer(new Line("stderr".equals(stream) ? "stderr" : "stdout", bounded(text))));
        end = "exit " + code + " \u00B7 " + (clock.getAsLong() - started) + " ms";
        ok = code == 0;
      } catch (InterruptedException e) {
        end = "interrupted";
      } catch (Exception e) {
        end = "failed: " + (e.getMessage() == null ? e.toString() : e.getMessage());
      }
      String ended = end;
      offer(new Line(ok ? "exit" : "failed", ended));
      ui.execute(() -> {
        drain();
        running.set(false);
        lastExit.set(ended);
      });
    });
    return true;
  }

  /** Interrupts the running command, which kills it in the machine. */
  public void interrupt() {
    if (current != null && running.get()) {
      current.cancel(true);
    }
  }

  /** Empties the console (Ctrl+L); the history stays. */
  public void clear() {
    lines.clear();
  }

  /** The command line before the one on show (Up), or null at the oldest. */
  public String previous() {
    if (historyAt == 0) {
      return null;
    }
    return history.get(--historyAt);
  }

  /** The command line after the one on show (Down); "" past the newest. */
  public String next() {
    if (historyAt >= history.size() - 1) {
      historyAt = history.size();
      return "";
    }
    return history.get(++historyAt);
  }

  /** Marks the machine as gone: stops a running command, and says so once. */
  void machineGone() {
    if (gone.get()) {
      return;
    }
    gone.set(true);
    interrupt();
    append(new Line("failed", "machine " + machineId + " stopped; its console runs nothing more"));
  }

  /** Any thread: queues a line and makes sure one drain is on its way to the UI. */
  private void offer(Line line) {
    pending.add(line);
    if (drainQueued.compareAndSet(false, true)) {
      ui.execute(this::drain);
    }
  }

  private void drain() {
    drainQueued.set(false);
    List<Line> batch = new ArrayList<>();
    for (Line l = pending.poll(); l != null; l = pending.poll()) {
      batch.add(l);
    }
    if (!batch.isEmpty()) {
      appendAll(batch);
    }
  }

  private void append(Line line) {
    appendAll(List.of(line));
  }

  private void appendAll(List<Line> batch) {
    List<Line> kept = batch.size() > MAX_LINES ? batch.subList(batch.size() - MAX_LINES, batch.size()) : batch;
    int over = lines.size() + kept.size() - MAX_LINES;
    if (over > 0) {
      lines.remove(0, over);
    }
    lines.addAll(kept);
  }

  private static String bounded(String text) {
    return text.length() <= MAX_LINE_CHARS ? text : text.substring(0, MAX_LINE_CHARS) + "\u2026";
  }
}
