package dev.templatestudio.app.studio.logview;

import java.util.function.LongSupplier;

/**
 * When a stream that outruns the frames may change the view. Each line a frame makes new in
 * view costs its layout pass, most of a frame's time while streaming: so the newest few lines
 * follow the view only a few times a second, leaving a gap before them, and the view is made
 * whole again only once the stream has stayed slow (a lull is not its end). Under
 * {@link LogIngest}'s lock.
 */
final class StreamPacing {
  /** New lines a frame shows while the stream outruns the frame's limit: fewer than fill the view. */
  static final int OUTRUN_LINES = 8;
  /** How long a stream must stay slow before a view it outran is made whole. */
  static final long CALM_NANOS = 250_000_000L;
  /** How often at most those few lines follow the view: what a person can see of a blur. */
  private static final long OUTRUN_INTERVAL_NANOS = 100_000_000L;

  private final LongSupplier nanos;
  /** When the newest lines last followed an outrunning stream. */
  private long lastOutrun;
  /** When a frame last found the stream outrunning it. */
  private long calmSince;
  private boolean gapped;

  /** @param nanos a monotonic clock in nanoseconds ({@code System::nanoTime}) */
  StreamPacing(LongSupplier nanos) {
    this.nanos = nanos;
    this.lastOutrun = nanos.getAsLong() - OUTRUN_INTERVAL_NANOS;
  }

  /**
   * Notes that the stream outruns this frame; true when its newest lines follow the view now
   * (which leaves a gap before them), false when this frame leaves the view as it is.
   */
  boolean outrunShowsNow() {
    long now = nanos.getAsLong();
    calmSince = now;
    if (now - lastOutrun < OUTRUN_INTERVAL_NANOS) {
      return false;
    }
    lastOutrun = now;
    gapped = true;
    return true;
  }

  /** Whether the view has a gap an outrunning stream left. */
  boolean gapped() {
    return gapped;
  }

  /** Whether the stream has stayed slow long enough for a view with a gap to be made whole. */
  boolean calm() {
    return nanos.getAsLong() - calmSince >= CALM_NANOS;
  }

  /** The view is whole again (made whole, or started afresh). */
  void whole() {
    gapped = false;
  }
}
