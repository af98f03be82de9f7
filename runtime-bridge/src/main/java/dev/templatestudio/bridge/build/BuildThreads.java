package dev.templatestudio.bridge.build;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** The threads a runtime runs its builds on (and the server its exchanges). Stateless. */
public final class BuildThreads {
  private BuildThreads() {}

  /**
   * A pool of daemon threads named {@code prefix1}, {@code prefix2}, …, made as needed: a build
   * left running never keeps the JVM from exiting, and a thread dump says whose thread it is.
   */
  public static ExecutorService pool(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }
}
