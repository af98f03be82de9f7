package dev.templatestudio.bridge.build;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The binary form in which an {@link EventStore} keeps events: the fields in record order,
 * numbers as variable-length integers, strings as UTF-8 with their length. Kinds, statuses,
 * streams, levels and the log's build id are written as one-byte symbols and read back as the
 * same shared strings, and a time in the log's own format as its epoch millisecond, so a read
 * allocates little more than the event and its message.
 *
 * <p>Strings are kept as UTF-8, so an unpaired surrogate (never produced by decoding a process's
 * output) reads back as {@code ?}, as it would from the event's JSON.
 */
final class EventCodec {
  /** Written for an absent (null) field. */
  private static final int NULL = 0;
  /** Written before a string kept in full, or a number. */
  private static final int TEXT = 1;
  /** Written before a time kept as its epoch millisecond. */
  private static final int MILLIS = 2;
  /** The build id of the log that keeps the event: symbol number {@code SYMBOLS.size()}. */
  private static final List<String> SYMBOLS = List.of(
      BuildEvent.BUILD_START, BuildEvent.STEP_START, BuildEvent.CACHE_HIT, BuildEvent.CACHE_MISS,
      BuildEvent.LOG, BuildEvent.STEP_END, BuildEvent.READY, BuildEvent.BUILD_END,
      BuildEvent.STATUS_ERROR, BuildEvent.STATUS_CANCELLED, BuildEvent.STATUS_DONE,
      "stdout", "stderr", "info", "warn", "error", "debug");
  /** Symbol {@code i} is written as {@code FIRST_SYMBOL + i}. */
  private static final int FIRST_SYMBOL = 3;
  private static final Map<String, Integer> SYMBOL_NUMBERS = new HashMap<>();

  static {
    for (int i = 0; i < SYMBOLS.size(); i++) {
      SYMBOL_NUMBERS.put(SYMBOLS.get(i), i);
    }
  }

  private final String buildId;
  /** The last time converted either way: events come in runs of the same millisecond. */
  private String timeText;
  private long timeMillis = Long.MIN_VALUE;
  /** Grown on the first encode: a codec that only reads needs none. */
  private byte[] out = new byte[0];
  private int length;

  /** A codec for the events of build {@code buildId}; each thread uses its own. */
  EventCodec(String buildId) {
    this.buildId = buildId;
  }

  /** Encodes {@code e} into {@link #bytes()}, replacing what was there; returns its length. */
  int encode(BuildEvent e) {
    length = 0;
    writeLong(e.seq());
    writeTime(e.time());
    writeSymbol(e.build());
    writeSymbol(e.kind());
    writeNumber(e.step() == null ? null : e.step().longValue());
    writeNumber(e.steps() == null ? null : e.steps().longValue());
    writeText(e.message());
    writeText(e.cacheKey());
    writeText(e.reason());
    writeSymbol(e.stream());
    writeSymbol(e.level());
    writeSymbol(e.status());
    writeNumber(e.durationMs());
    writeText(e.ref());
    writeNumber(e.cacheHits() == null ? null : e.cacheHits().longValue());
    writeText(e.stage());
    return length;
  }

  /** The buffer {@link #encode} wrote to; valid until the next call. */
  byte[] bytes() {
    return out;
  }

  /** Decodes the event that starts at {@code at} in {@code in}. */
  BuildEvent decode(byte[] in, int at) {
    Reader r = new Reader(in, at);
    long seq = r.readLong();
    String time = readTime(r);
    String build = readSymbol(r);
    String kind = readSymbol(r);
    Long step = r.readNumber();
    Long steps = r.readNumber();
    String message = readText(r);
    String cacheKey = readText(r);
    String reason = readText(r);
    String stream = readSymbol(r);
    String level = readSymbol(r);
    String status = readSymbol(r);
    Long durationMs = r.readNumber();
    String ref = readText(r);
    Long cacheHits = r.readNumber();
    String stage = readText(r);
    return new BuildEvent(seq, time, build, kind, step == null ? null : step.intValue(),
        steps == null ? null : steps.intValue(), message, cacheKey, reason, stream, level, status,
        durationMs, ref, cacheHits == null ? null : cacheHits.intValue(), stage);
  }

  private void writeTime(String time) {
    long millis = time == null ? Long.MIN_VALUE : millisOf(time);
    if (millis == Long.MIN_VALUE) {
      writeText(time);
      return;
    }
    writeByte(MILLIS);
    for (int shift = 56; shift >= 0; shift -= 8) {
      writeByte((int) (millis >>> shift));
    }
  }

  /**
   * The epoch millisecond of {@code time} if the log writes that millisecond exactly so, else
   * {@code Long.MIN_VALUE} (the text is then kept as it is). Parsed once per new text.
   */
  private long millisOf(String time) {
    if (time.equals(timeText)) {
      return timeMillis;
    }
    long millis = Long.MIN_VALUE;
    try {
      Instant t = Instant.parse(time);
      if (t.truncatedTo(ChronoUnit.MILLIS).equals(t) && EventTime.format(t).equals(time)) {
        millis = t.toEpochMilli();
      }
    } catch (DateTimeParseException | ArithmeticException e) {
      // Not a time in the log's format: kept as text.
    }
    timeText = time;
    timeMillis = millis;
    return millis;
  }

  private String readTime(Reader r) {
    if (r.peek() != MILLIS) {
      return readText(r);
    }
    r.readByte();
    long millis = 0;
    for (int i = 0; i < 8; i++) {
      millis = millis << 8 | r.readByte();
    }
    if (millis != timeMillis || timeText == null) {
      timeMillis = millis;
      timeText = EventTime.format(Instant.ofEpochMilli(millis));
    }
    return timeText;
  }

  private void writeSymbol(String s) {
    int symbol = s == null ? -1 : s.equals(buildId) ? SYMBOLS.size() : SYMBOL_NUMBERS.getOrDefault(s, -1);
    if (symbol < 0) {
      writeText(s);
    } else {
      writeLong(FIRST_SYMBOL + symbol);
    }
  }

  private String readSymbol(Reader r) {
    if (r.peek() < FIRST_SYMBOL) {
      return readText(r);
    }
    int symbol = (int) r.readLong() - FIRST_SYMBOL;
    return symbol == SYMBOLS.size() ? buildId : SYMBOLS.get(symbol);
  }

  private void writeText(String s) {
    if (s == null) {
      writeByte(NULL);
      return;
    }
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    writeByte(TEXT);
    writeLong(utf8.length);
    ensure(utf8.length);
    System.arraycopy(utf8, 0, out, length, utf8.length);
    length += utf8.length;
  }

  private static String readText(Reader r) {
    if (r.readByte() == NULL) {
      return null;
    }
    int n = (int) r.readLong();
    String s = new String(r.in, r.at, n, StandardCharsets.UTF_8);
    r.at += n;
    return s;
  }

  /** An optional number: a null marker, or a present one and its zigzag form (small negatives stay short). */
  private void writeNumber(Long n) {
    if (n == null) {
      writeByte(NULL);
      return;
    }
    writeByte(TEXT);
    writeLong((n << 1) ^ (n >> 63));
  }

  /** Seven bits a byte, low bits first, the high bit set on all but the last. */
  private void writeLong(long v) {
    while ((v & ~0x7FL) != 0) {
      writeByte((int) (v & 0x7F) | 0x80);
      v >>>= 7;
    }
    writeByte((int) v);
  }

  private void writeByte(int b) {
    ensure(1);
    out[length++] = (byte) b;
  }

  private void ensure(int more) {
    if (length + more > out.length) {
      out = Arrays.copyOf(out, Math.max(Math.max(256, out.length * 2), length + more));
    }
  }

  /** A position in encoded bytes. */
  private static final class Reader {
    private final byte[] in;
    private int at;

    Reader(byte[] in, int at) {
      this.in = in;
      this.at = at;
    }

    int peek() {
      return in[at] & 0xFF;
    }

    int readByte() {
      return in[at++] & 0xFF;
    }

    long readLong() {
      long v = 0;
      for (int shift = 0; ; shift += 7) {
        int b = readByte();
        v |= (long) (b & 0x7F) << shift;
        if (b < 0x80) {
          return v;
        }
      }
    }

    Long readNumber() {
      if (readByte() == NULL) {
        return null;
      }
      long z = readLong();
      return (z >>> 1) ^ -(z & 1);
    }
  }
}
