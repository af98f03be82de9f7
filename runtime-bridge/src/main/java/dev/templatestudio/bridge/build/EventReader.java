package dev.templatestudio.bridge.build;

import java.util.Arrays;

/**
 * Reads the events of an {@link EventStore.View} one after another from a position in the
 * log's byte stream: from a chunk in memory as it is, from a spilled one through a window of at
 * most {@link #WINDOW} bytes read back from the spill file (more only for an event larger than
 * that), so a reader's memory does not depend on how much it reads. One thread.
 */
final class EventReader {
  /** Bytes read back from the spill file at a time. */
  static final int WINDOW = 256 << 10;
  private final EventStore.View view;
  private int chunk;
  /** The position in the current chunk. */
  private int at;
  /** The bytes of the current chunk at hand, and where in the chunk they start. */
  private byte[] bytes;
  private int bytesStart;

  EventReader(EventStore.View view, long position) {
    this.view = view;
    int c = Arrays.binarySearch(view.starts(), position);
    // An event never spans chunks; a position at a chunk's start finds it exactly.
    this.chunk = c >= 0 ? c : -c - 2;
    this.at = (int) (position - view.starts()[chunk]);
    load(0);
  }

  /** Moves past the next event without decoding it. */
  void skip() {
    int length = length();
    at += length;
  }

  /** Decodes the next event with {@code codec} and moves past it. */
  BuildEvent next(EventCodec codec) {
    int length = length();
    ensure(length);
    BuildEvent e = codec.decode(bytes, at - bytesStart);
    at += length;
    return e;
  }

  /** Reads the next event's length prefix, moving past it; returns the event's length. */
  private int length() {
    if (at >= view.lengths()[chunk]) {
      chunk++;
      at = 0;
      load(0);
    }
    ensure(Math.min(5, view.lengths()[chunk] - at));
    int value = 0;
    for (int shift = 0; ; shift += 7) {
      byte b = bytes[at - bytesStart];
      at++;
      value |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
  }

  /** Makes sure the next {@code n} bytes of the current chunk are at hand. */
  private void ensure(int n) {
    if (at < bytesStart || at + n > bytesStart + bytes.length) {
      load(n);
    }
  }

  /** The current chunk's bytes from {@code at}: the chunk itself, or a window of at least {@code n} from disk. */
  private void load(int n) {
    byte[] resident = view.chunks()[chunk];
    if (resident != null) {
      bytes = resident;
      bytesStart = 0;
      return;
    }
    int length = Math.min(view.lengths()[chunk] - at, Math.max(n, WINDOW));
    bytes = view.spill().read(view.starts()[chunk] + at, length);
    bytesStart = at;
  }
}
