package dev.templatestudio.bridge.build;

import java.util.Arrays;

/**
 * The events of one log, encoded ({@link EventCodec}) one after another into a few large byte
 * chunks, with each event's position in an index of small pages. A million kept events are
 * then a hundred arrays instead of millions of small objects that every young collection had
 * to trace and copy (120–400 ms pauses on a loaded machine while the studio streamed a build's
 * log); a reader's decoded events die young.
 *
 * <p>Appends are not thread-safe (the log's lock guards them). Bytes once written never change,
 * so a {@link #view} taken under that lock may be read on any thread while appends go on.
 */
final class EventStore {
  /**
   * The largest chunk, except for an event that does not fit in one: 4 MB with the array's
   * 16-byte header. G1 puts an object of half a region or more straight into the old
   * generation, where young collections never copy it; with regions of 1–4 MB (heaps up to
   * 8 GB) a full chunk is such an object and fills whole regions exactly. (With 1 MB chunks
   * the young pauses of a streamed build still copied 15–18 MB of survivors each, 50–380 ms on
   * a loaded machine; with these, 4–40 ms: docs/perf/gui.md.)
   */
  static final int CHUNK = (4 << 20) - 16;
  /** The first chunk: a log of a few events stays small, later chunks double up to {@link #CHUNK}. */
  private static final int FIRST_CHUNK = 4096;
  private static final int PAGE_BITS = 10;
  private static final int PAGE = 1 << PAGE_BITS;

  private final EventCodec codec;
  private final String buildId;
  private byte[][] chunks = new byte[4][];
  private int chunkCount;
  /** Bytes used in the last chunk. */
  private int fill;
  /** Per event: its chunk in the high 32 bits, its offset in the low. */
  private long[][] pages = new long[4][];
  private int size;

  EventStore(String buildId) {
    this.buildId = buildId;
    this.codec = new EventCodec(buildId);
  }

  int size() {
    return size;
  }

  void add(BuildEvent e) {
    int n = codec.encode(e);
    if (chunkCount == 0 || fill + n > chunks[chunkCount - 1].length) {
      newChunk(n);
    }
    System.arraycopy(codec.bytes(), 0, chunks[chunkCount - 1], fill, n);
    int page = size >>> PAGE_BITS;
    if (page == pages.length) {
      pages = Arrays.copyOf(pages, page * 2);
    }
    if (pages[page] == null) {
      pages[page] = new long[PAGE];
    }
    pages[page][size & (PAGE - 1)] = (long) (chunkCount - 1) << 32 | fill;
    fill += n;
    size++;
  }

  private void newChunk(int atLeast) {
    int last = chunkCount == 0 ? FIRST_CHUNK / 2 : chunks[chunkCount - 1].length;
    if (chunkCount == chunks.length) {
      chunks = Arrays.copyOf(chunks, chunkCount * 2);
    }
    chunks[chunkCount++] = new byte[Math.max(atLeast, Math.min(CHUNK, last * 2))];
    fill = 0;
  }

  /** The events stored so far, to read on any thread. Take it under the lock that guards appends. */
  View view() {
    return new View(chunks, pages, size, buildId);
  }

  /**
   * The first {@code size} events of the store: the arrays it holds may grow (or be replaced by
   * larger copies) after, but never change below {@code size}.
   */
  record View(byte[][] chunks, long[][] pages, int size, String buildId) {
    /** Events {@code from} (inclusive) to {@code to} (exclusive), counted from 0, decoded into {@code out}. */
    void decode(int from, int to, BuildEvent[] out, int outAt) {
      EventCodec codec = new EventCodec(buildId);
      for (int i = from; i < to; i++) {
        long at = pages[i >>> PAGE_BITS][i & (PAGE - 1)];
        out[outAt + i - from] = codec.decode(chunks[(int) (at >>> 32)], (int) at);
      }
    }
  }
}
