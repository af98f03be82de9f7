package dev.templatestudio.bridge.embedded;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.EventLog;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one warning a build gives when its sandboxes run without their resource limits (no
 * cgroup could be made for them): said once per build, at the first sandbox it concerns, never
 * left unsaid. Thread-safe.
 */
final class LimitWarning {
  private final EventLog log;
  private final AtomicBoolean given = new AtomicBoolean();

  LimitWarning(EventLog log) {
    this.log = log;
  }

  /** Warns, at step {@code step}, why limits are not enforced, unless the build was told already. */
  void warnIf(int step, Optional<String> why) {
    if (why.isPresent() && !given.getAndSet(true)) {
      log.append(BuildEvent.of(BuildEvent.LOG).step(step).level("warn")
          .message("resource limits are not enforced: " + why.get()).build());
    }
  }
}
