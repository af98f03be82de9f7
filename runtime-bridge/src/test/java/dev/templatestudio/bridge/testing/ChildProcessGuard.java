package dev.templatestudio.bridge.testing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * On for every test of both modules (registered through {@code META-INF/services}, the build
 * turns on JUnit's extension autodetection): what a test starts, the test must end.
 *
 * <ul>
 *   <li>After each test (and each class, for what its {@code @BeforeAll} started), every process
 *       still running under this JVM that the test started is killed with its own children, and
 *       the test fails naming it, so a forgotten helper never outlives the build nor holds its
 *       output open (which hangs Maven).
 *   <li>A test still running at JUnit's default timeout has the processes it started killed, so a
 *       test blocked reading a child's output (which an interrupt does not end) gets its end of
 *       file and JUnit's timeout can report it instead of the build hanging.
 *   <li>A fixture meant to outlive one test (the private dockerd) says so with {@link #keep}; at
 *       JVM exit everything left is ended.
 * </ul>
 *
 * Callbacks run on JUnit's thread; {@link #keep} from any thread.
 */
public final class ChildProcessGuard implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
    AfterEachCallback {
  /** How long a process a test ended may take to exit before it counts as left behind. */
  private static final long GRACE_MILLIS = 10_000;
  private static final Pattern DURATION = Pattern.compile("\\s*(\\d+)\\s*(ms|s|m|h|d)?\\s*");
  private static final Set<Long> KEPT = ConcurrentHashMap.newKeySet();
  private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "child-process-watchdog");
    t.setDaemon(true);
    return t;
  });

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ChildProcessGuard::endAll, "child-process-guard"));
  }

  /** Lets {@code process} and its children outlive the test that started it (until JVM exit). */
  public static void keep(Process process) {
    KEPT.add(process.pid());
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    store(context).put("before", running());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    check(context, "its class", null);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    Set<Long> before = running();
    ExtensionContext.Store store = store(context);
    store.put("before", before);
    timeout(context).ifPresent(millis -> store.put("watchdog", WATCHDOG.schedule(
        () -> kill(startedSince(before)), millis, TimeUnit.MILLISECONDS)));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    ScheduledFuture<?> watchdog = store(context).get("watchdog", ScheduledFuture.class);
    check(context, "the test", watchdog);
  }

  @SuppressWarnings("unchecked")
  private static void check(ExtensionContext context, String who, ScheduledFuture<?> watchdog) {
    if (watchdog != null) {
      watchdog.cancel(false);
    }
    Set<Long> before = store(context).get("before", Set.class);
    if (before == null) {
      return;
    }
    long deadline = System.currentTimeMillis() + GRACE_MILLIS;
    List<ProcessHandle> left = startedSince(before);
    while (!left.isEmpty() && System.currentTimeMillis() < deadline) {
      sleep(100);
      left = startedSince(before);
    }
    if (left.isEmpty()) {
      return;
    }
    List<String> named = new ArrayList<>();
    for (ProcessHandle p : left) {
      named.add(p.pid() + " " + p.info().commandLine().orElse("?"));
    }
    kill(left);
    throw new AssertionError(who + " left " + left.size() + " process(es) running, killed now: "
        + String.join("; ", named));
  }

  /** The processes under this JVM, kept fixtures and their children excluded. */
  private static Set<Long> running() {
    Set<Long> pids = new HashSet<>();
    for (ProcessHandle p : ProcessHandle.current().children().toList()) {
      if (!KEPT.contains(p.pid())) {
        pids.add(p.pid());
      }
    }
    return pids;
  }

  /** Children started since {@code before} that are still alive (each with its descendants killed too). */
  private static List<ProcessHandle> startedSince(Set<Long> before) {
    List<ProcessHandle> started = new ArrayList<>();
    for (ProcessHandle p : ProcessHandle.current().children().toList()) {
      if (p.isAlive() && !before.contains(p.pid()) && !KEPT.contains(p.pid())) {
        started.add(p);
      }
    }
    return started;
  }

  /** Kills each process and everything under it, children first, and waits briefly for them. */
  private static void kill(List<ProcessHandle> processes) {
    for (ProcessHandle p : processes) {
      List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
      tree.add(p);
      tree.forEach(ProcessHandle::destroyForcibly);
      for (ProcessHandle each : tree) {
        try {
          each.onExit().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
          // Unkillable (a zombie until its parent reaps it): nothing more to do.
        }
      }
    }
  }

  /** At JVM exit: kept fixtures get SIGTERM and a moment to stop cleanly, then all is killed. */
  private static void endAll() {
    List<ProcessHandle> all = ProcessHandle.current().children().toList();
    all.stream().filter(p -> KEPT.contains(p.pid())).forEach(ProcessHandle::destroy);
    long deadline = System.currentTimeMillis() + 20_000;
    for (ProcessHandle p : all) {
      if (KEPT.contains(p.pid())) {
        try {
          p.onExit().get(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
          // Killed below.
        }
      }
    }
    kill(ProcessHandle.current().children().toList());
  }

  /** JUnit's default timeout (junit.jupiter.execution.timeout.default), in milliseconds. */
  private static Optional<Long> timeout(ExtensionContext context) {
    return context.getConfigurationParameter("junit.jupiter.execution.timeout.default").map(DURATION::matcher)
        .filter(Matcher::matches).map(m -> {
          long n = Long.parseLong(m.group(1));
          String unit = m.group(2) == null ? "s" : m.group(2);
          return switch (unit) {
            case "ms" -> n;
            case "m" -> TimeUnit.MINUTES.toMillis(n);
            case "h" -> TimeUnit.HOURS.toMillis(n);
            case "d" -> TimeUnit.DAYS.toMillis(n);
            default -> TimeUnit.SECONDS.toMillis(n);
          };
        });
  }

  private static ExtensionContext.Store store(ExtensionContext context) {
    return context.getStore(ExtensionContext.Namespace.create(ChildProcessGuard.class, context.getUniqueId()));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
