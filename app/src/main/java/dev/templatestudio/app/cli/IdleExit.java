package dev.templatestudio.app.cli;

import dev.templatestudio.bridge.build.Runtime;
import dev.templatestudio.bridge.build.RuntimeUnavailableException;
import dev.templatestudio.bridge.server.UnixRelay;
import java.util.concurrent.TimeUnit;

/**
 * {@code serve --idle-exit-minutes N}: the local daemon ends itself once it has held no machine
 * and no pool, and its sockets have had no connection, for N minutes straight, so a daemon the CLI
 * started does not stay forever. The exit runs serve's shutdown hook.
 */
final class IdleExit {
  private static final long CHECK_MILLIS = TimeUnit.SECONDS.toMillis(10);

  private IdleExit() {}

  static void watch(Runtime runtime, UnixRelay relay, EngineServer engine, long minutes, Runnable saying) {
    long limit = TimeUnit.MINUTES.toMillis(minutes);
    Thread t = new Thread(() -> {
      long idleSince = System.currentTimeMillis();
      try {
        while (true) {
          Thread.sleep(Math.min(CHECK_MILLIS, limit));
          long now = System.currentTimeMillis();
          long connections = Math.min(relay == null ? Long.MAX_VALUE : relay.idleMillis(),
              engine == null ? Long.MAX_VALUE : engine.idleMillis());
          if (!idle(runtime) || connections == 0) {
            idleSince = now;
          }
          long since = Math.min(now - idleSince, connections);
          if (since >= limit) {
            saying.run();
            System.exit(0);
          }
        }
      } catch (InterruptedException e) {
        // The JVM is exiting.
      }
    }, "idle-exit");
    t.setDaemon(true);
    t.start();
  }

  static boolean idle(Runtime runtime) {
    try {
      return runtime.machines().list().isEmpty() && runtime.machines().pools().isEmpty();
    } catch (RuntimeUnavailableException e) {
      return true;
    }
  }
}
