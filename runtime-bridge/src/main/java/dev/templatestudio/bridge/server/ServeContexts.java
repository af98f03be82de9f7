package dev.templatestudio.bridge.server;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * The contexts clients uploaded to a {@code serve} over a store, for {@code template-studio
 * prune} in another process: offered only while no serve uses the store (this holds serve's
 * lock meanwhile), since a running serve prunes its contexts itself. Close to let a serve start.
 * Thread-confined.
 */
public final class ServeContexts implements AutoCloseable {
  private final FileChannel channel;
  private final ContextStore contexts;
  private final ContextBlobs blobs;

  private ServeContexts(FileChannel channel, ContextStore contexts, ContextBlobs blobs) {
    this.channel = channel;
    this.contexts = contexts;
    this.blobs = blobs;
  }

  /** The serve contexts of the store at {@code storeRoot}; empty while a serve uses it (or none ever did). */
  public static Optional<ServeContexts> whenIdle(Path storeRoot) throws IOException {
    Path state = storeRoot.resolve("serve");
    if (!Files.isDirectory(state.resolve("contexts"))) {
      return Optional.empty();
    }
    FileChannel ch = FileChannel.open(state.resolve("serve.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      FileLock lock = ch.tryLock();
      if (lock == null) {
        ch.close();
        return Optional.empty();
      }
      return Optional.of(new ServeContexts(ch, new ContextStore(state.resolve("contexts"), 0),
          new ContextBlobs(state.resolve("blobs"), 0)));
    } catch (OverlappingFileLockException e) {
      // A serve in this very process.
      ch.close();
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** Every uploaded context and cached context file, least recently used first being prune's business. */
  public List<UploadedContext> all() throws IOException {
    List<UploadedContext> all = new java.util.ArrayList<>(contexts.unusedSince(Long.MAX_VALUE));
    all.addAll(blobs.unusedSince(Long.MAX_VALUE));
    return all;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
