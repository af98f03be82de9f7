package dev.templatestudio.bridge.machines;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs blocking steps all at once, each on a daemon thread of its own, and waits for all:
 * removing a machine waits until its processes are killed and its files deleted, which takes
 * seconds on a loaded machine, so removing a pool's machines (as quitting the studio does) waits
 * for the slowest, not the sum.
 */
final class AllAtOnce {
  /** One blocking step. */
  @FunctionalInterface
  interface Step {
    void run() throws IOException;
  }

  private AllAtOnce() {}

  /** Runs {@code steps} at once on threads called {@code name}; a step that fails is left to end by itself. */
  static void run(String name, List<Step> steps) {
    List<Thread> threads = new ArrayList<>();
    for (Step step : steps) {
      Thread t = new Thread(() -> {
        try {
          step.run();
        } catch (IOException e) {
          // A machine whose removal failed still ends with its own thread or its holder.
        }
      }, name);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
