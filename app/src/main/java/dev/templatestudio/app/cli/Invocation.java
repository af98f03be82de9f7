package dev.templatestudio.app.cli;

import dev.templatestudio.bridge.embedded.store.Store;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a command runs: this process's folder, environment and stdin, or, for a command the
 * local engine runs for its thin client ({@link EngineServer}), the client's. The commands that
 * the engine runs (build, run) read these through {@link #current()}, never the JVM's own, so a
 * relative path, a secret from the environment or the store's location mean the same as in a
 * process of their own. Set per thread: the engine runs each client's command on its own thread.
 */
final class Invocation {
  private static final Invocation PROCESS = new Invocation(Path.of(""), System.getenv(), System.in, null);
  private static final ThreadLocal<Invocation> CURRENT = new ThreadLocal<>();

  private final Path cwd;
  private final Map<String, String> env;
  private final InputStream stdin;
  /** The engine's open store, or null: the command opens its own. */
  private final Store store;
  private final List<Runnable> onCancel = new CopyOnWriteArrayList<>();
  private final CountDownLatch cancelRan = new CountDownLatch(1);
  /** Each relative path argument's absolute form, and the argument as given. */
  private final Map<String, String> given = new ConcurrentHashMap<>();
  private volatile boolean cancelled;

  Invocation(Path cwd, Map<String, String> env, InputStream stdin, Store store) {
    this.cwd = cwd;
    this.env = Map.copyOf(env);
    this.stdin = stdin;
    this.store = store;
  }

  static Invocation current() {
    Invocation i = CURRENT.get();
    return i != null ? i : PROCESS;
  }

  /** Runs {@code body} with this as the current invocation of the calling thread. */
  <T> T runAs(java.util.concurrent.Callable<T> body) throws Exception {
    CURRENT.set(this);
    try {
      return body.call();
    } finally {
      CURRENT.remove();
    }
  }

  /** Whether the local engine runs this command for a client. */
  boolean inEngine() {
    return this != PROCESS;
  }

  Path cwd() {
    return cwd;
  }

  Map<String, String> env() {
    return env;
  }

  InputStream stdin() {
    return stdin;
  }

  Store store() {
    return store;
  }

  /** {@code path} against the caller's folder: unchanged when absolute, and in a process of its own. */
  Path resolve(String path) {
    return cwd.resolve(path);
  }

  /**
   * A path argument of the command line ({@link #resolve}d), whose absolute form the engine's
   * messages name as the client gave it ({@link #asGiven}).
   */
  Path argument(String path) {
    Path resolved = resolve(path);
    if (inEngine() && !resolved.toString().equals(path)) {
      given.put(resolved.toString(), path);
    }
    return resolved;
  }

  /**
   * {@code text} with each relative path argument as the client gave it, where the engine made
   * it absolute (a whole path only: not a folder's path inside a longer one), so that a message
   * reads as in a process of its own ({@code missing.json}, not {@code /home/me/missing.json}).
   */
  String asGiven(String text) {
    if (given.isEmpty()) {
      return text;
    }
    List<String> longestFirst = new ArrayList<>(given.keySet());
    longestFirst.sort(Comparator.comparingInt(String::length).reversed());
    for (String absolute : longestFirst) {
      text = Pattern.compile("(?<![\\w./-])" + Pattern.quote(absolute) + "(?![/\\w-]|\\.\\w)").matcher(text)
          .replaceAll(Matcher.quoteReplacement(given.get(absolute)));
    }
    return text;
  }

  /**
   * Runs {@code action} on Ctrl+C while the returned handle is open: in a process of its own a
   * shutdown hook (the JVM exits on SIGINT without unwinding the command's thread); in the engine,
   * when the client is interrupted or goes away.
   */
  AutoCloseable onCtrlC(Runnable action, String name) {
    if (!inEngine()) {
      Thread hook = new Thread(action, name);
      java.lang.Runtime.getRuntime().addShutdownHook(hook);
      return () -> {
        try {
          java.lang.Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // Ctrl+C came as the command ended; the hook finishes the job.
        }
      };
    }
    onCancel.add(action);
    if (cancelled) {
      action.run();
    }
    return () -> onCancel.remove(action);
  }

  /** The client was interrupted or went away: runs what the command asked to run on Ctrl+C. */
  void cancel() {
    cancelled = true;
    try {
      for (Runnable action : onCancel) {
        action.run();
      }
    } finally {
      cancelRan.countDown();
    }
  }

  /**
   * After the command returned: when it was cancelled, waits (at most {@code millis}) until what
   * Ctrl+C runs is done, on the thread that cancelled it, so that the client, which exits on the
   * command's exit code, never leaves a machine's files behind it still being removed.
   */
  void awaitCancel(long millis) throws InterruptedException {
    if (cancelled) {
      cancelRan.await(millis, TimeUnit.MILLISECONDS);
    }
  }
}
