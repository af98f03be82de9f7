package dev.templatestudio.bridge.build;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The events of one log, encoded ({@link EventCodec}) one after another, each after its length,
 * into a few large byte chunks. A million kept events are then a hundred arrays instead of
 * millions of small objects that every young collection had to trace and copy (120–400 ms pauses
 * on a loaded machine while the studio streamed a build's log); a reader's decoded events die young.
 *
 * <p>Memory does not grow with the log: past {@link #RESIDENT} bytes of full chunks, the oldest
 * go to a spill file ({@link EventSpill}) and are read back from there (a build of two million
 * output lines took 854 MB while every event stayed in memory). Where each event starts is kept
 * for every {@link #STRIDE}th event only; a read walks from there by the lengths.
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
  /** Bytes of full chunks kept in memory; older ones are spilled to disk. */
  static final long RESIDENT = 16L << 20;
  /** The first chunk: a log of a few events stays small, later chunks double up to {@link #CHUNK}. */
  private static final int FIRST_CHUNK = 4096;
  /** Where an event starts is kept for every STRIDE-th event. */
  static final int STRIDE = 64;
  private static final int INDEX_BLOCK = 1024;

  private final EventCodec codec;
  private final String buildId;
  private final Path spillDir;
  /** Chunk bytes; null once spilled. */
  private byte[][] chunks = new byte[4][];
  /** Where each chunk starts in the log's byte stream, and how many bytes it holds (sealed chunks). */
  private long[] starts = new long[4];
  private int[] lengths = new int[4];
  private int chunkCount;
  /** Bytes used in the last chunk. */
  private int fill;
  /** The oldest chunk not spilled. */
  private int firstResident;
  private long residentSealed;
  private EventSpill spill;
  /** Set when spilling failed (a full disk): chunks then stay in memory. */
  private boolean spillFailed;
  /** Blocks of the positions of events 0, STRIDE, 2·STRIDE, … in the byte stream. */
  private long[][] index = new long[4][];
  private int size;
  private final byte[] lengthBytes = new byte[5];

  EventStore(String buildId) {
    this(buildId, Path.of(System.getProperty("java.io.tmpdir")));
  }

  /** A store whose older chunks go to a file in {@code spillDir}. */
  EventStore(String buildId, Path spillDir) {
    this.buildId = buildId;
    this.spillDir = spillDir;
    this.codec = new EventCodec(buildId);
  }

  int size() {
    return size;
  }

  void add(BuildEvent e) {
    int n = codec.encode(e);
    int header = writeLength(n);
    if (chunkCount == 0 || fill + header + n > chunks[chunkCount - 1].length) {
      newChunk(header + n);
    }
    if (size % STRIDE == 0) {
      int slot = size / STRIDE;
      int block = slot / INDEX_BLOCK;
      if (block == index.length) {
        index = Arrays.copyOf(index, block * 2);
      }
      if (index[block] == null) {
        index[block] = new long[INDEX_BLOCK];
      }
      index[block][slot % INDEX_BLOCK] = starts[chunkCount - 1] + fill;
    }
    byte[] chunk = chunks[chunkCount - 1];
    System.arraycopy(lengthBytes, 0, chunk, fill, header);
    System.arraycopy(codec.bytes(), 0, chunk, fill + header, n);
    fill += header + n;
    size++;
  }

  /** Writes {@code n} as a variable-length integer into {@code lengthBytes}; returns its length. */
  private int writeLength(int n) {
    int i = 0;
    int v = n;
    while ((v & ~0x7F) != 0) {
      lengthBytes[i++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    lengthBytes[i++] = (byte) v;
    return i;
  }

  private void newChunk(int atLeast) {
    long start = 0;
    if (chunkCount > 0) {
      lengths[chunkCount - 1] = fill;
      start = starts[chunkCount - 1] + fill;
      residentSealed += fill;
      spillOldChunks();
    }
    int last = chunkCount == 0 ? FIRST_CHUNK / 2 : chunks[chunkCount - 1] == null
        ? CHUNK : chunks[chunkCount - 1].length;
    if (chunkCount == chunks.length) {
      chunks = Arrays.copyOf(chunks, chunkCount * 2);
      starts = Arrays.copyOf(starts, chunkCount * 2);
      lengths = Arrays.copyOf(lengths, chunkCount * 2);
    }
    chunks[chunkCount] = new byte[Math.max(atLeast, Math.min(CHUNK, last * 2))];
    starts[chunkCount] = start;
    chunkCount++;
    fill = 0;
  }

  /** Moves the oldest full chunks to the spill file while more than {@link #RESIDENT} bytes of them are in memory. */
  private void spillOldChunks() {
    while (residentSealed > RESIDENT && !spillFailed && firstResident < chunkCount) {
      try {
        if (spill == null) {
          spill = EventSpill.create(spillDir);
        }
        spill.write(starts[firstResident], chunks[firstResident], lengths[firstResident]);
      } catch (IOException e) {
        // A full or missing disk: the log keeps its chunks in memory, as it did before it spilled.
        spillFailed = true;
        return;
      }
      residentSealed -= lengths[firstResident];
      chunks[firstResident] = null;
      firstResident++;
    }
  }

  /** The events stored so far, to read on any thread. Take it under the lock that guards appends. */
  View view() {
    int[] sealed = Arrays.copyOf(lengths, chunkCount);
    if (chunkCount > 0) {
      sealed[chunkCount - 1] = fill;
    }
    return new View(Arrays.copyOf(chunks, chunkCount), Arrays.copyOf(starts, chunkCount), sealed, index, size,
        spill, buildId);
  }

  /**
   * The first {@code size} events of the store: its chunks as they were (null: on disk), which
   * never change below the lengths seen; the index blocks may grow after, never change below size.
   */
  record View(byte[][] chunks, long[] starts, int[] lengths, long[][] index, int size, EventSpill spill,
      String buildId) {
    /** Events {@code from} (inclusive) to {@code to} (exclusive), counted from 0, decoded into {@code out}. */
    void decode(int from, int to, BuildEvent[] out, int outAt) {
      if (from >= to) {
        return;
      }
      int slot = from / STRIDE;
      EventReader reader = new EventReader(this, index[slot / INDEX_BLOCK][slot % INDEX_BLOCK]);
      for (int i = slot * STRIDE; i < from; i++) {
        reader.skip();
      }
      EventCodec codec = new EventCodec(buildId);
      for (int i = from; i < to; i++) {
        out[outAt + i - from] = reader.next(codec);
      }
    }
  }
}
