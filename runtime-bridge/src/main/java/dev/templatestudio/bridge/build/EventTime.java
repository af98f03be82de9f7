package dev.templatestudio.bridge.build;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;

/**
 * The {@code time} of an event (CONTRACT.md §5): UTC to the millisecond, always with three
 * fraction digits and a {@code Z}, as in {@code 2026-11-28T18:00:00.000Z}. ISO_INSTANT and
 * {@code Instant.toString()} drop the fraction on a whole second, which a reader splitting
 * the text at fixed places would trip on. Stateless.
 */
public final class EventTime {
  private static final DateTimeFormatter FORMAT = new DateTimeFormatterBuilder().appendInstant(3).toFormatter();

  private EventTime() {}

  /** {@code t} as an event's time, cut to the millisecond. */
  public static String format(Instant t) {
    return FORMAT.format(t);
  }

  /** Now, as an event's time. */
  public static String now() {
    return format(Instant.now());
  }
}
