package dev.templatestudio.bridge.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The file an {@link EventStore} moves its older chunks to, so that a log's memory does not grow
 * with its length: a temp file deleted as soon as it is open, so nothing is left behind whatever
 * happens to the process, and its space is freed when the channel closes, which a cleaner does
 * once neither the store nor any reader's view can reach it. Byte {@code p} of the log's encoded
 * stream is at offset {@code p} of the file. Thread-safe: positional reads and writes only.
 */
final class EventSpill {
  private static final Cleaner CLEANER = Cleaner.create();
  private final FileChannel channel;

  private EventSpill(FileChannel channel) {
    this.channel = channel;
    CLEANER.register(this, () -> {
      try {
        channel.close();
      } catch (IOException e) {
        // Closing frees the file's space; nothing else is to be done when that fails.
      }
    });
  }

  /** A new spill file in {@code dir} (made if missing), readable by its owner only. */
  static EventSpill create(Path dir) throws IOException {
    Files.createDirectories(dir);
    // createTempFile makes the file 0600: events may name what a build did.
    Path file = Files.createTempFile(dir, "events-", ".spill");
    try {
      return new EventSpill(FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE));
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** Writes {@code length} bytes of {@code bytes} at {@code position}. */
  void write(long position, byte[] bytes, int length) throws IOException {
    try {
      ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, length);
      long at = position;
      while (buffer.hasRemaining()) {
        at += channel.write(buffer, at);
      }
    } finally {
      Reference.reachabilityFence(this);
    }
  }

  /** Reads {@code length} bytes at {@code position} into a new array. */
  byte[] read(long position, int length) {
    try {
      byte[] bytes = new byte[length];
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      long at = position;
      while (buffer.hasRemaining()) {
        int n = channel.read(buffer, at);
        if (n < 0) {
          throw new IOException("the event spill file ends at " + at + ", before " + (position + length));
        }
        at += n;
      }
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException("could not read a build's older events back from disk: " + e.getMessage(), e);
    } finally {
      Reference.reachabilityFence(this);
    }
  }
}
