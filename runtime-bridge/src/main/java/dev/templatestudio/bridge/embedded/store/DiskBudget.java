package dev.templatestudio.bridge.embedded.store;

import dev.templatestudio.bridge.download.WriteBound;
import dev.templatestudio.bridge.embedded.layer.ReadCharge;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The disk one build may take in the store: every byte it adds (blobs, unpacked layers,
 * scratch files) is charged as it is written, and the write that goes past the bound fails
 * with a {@link DiskBoundException}. Once past, {@link #exceeded} stays true, so the build
 * can say why it failed whichever layer of code wrapped the exception. Also records the blobs
 * and layers the build added, so that a build that failed this way can take them away again.
 * Thread-safe (a layer's tar is written and read on helper threads).
 */
public final class DiskBudget implements WriteBound, ReadCharge {
  private static final long MB = 1024 * 1024;
  private final long limitBytes;
  private final String setBy;
  private final AtomicLong used = new AtomicLong();
  private final AtomicBoolean exceeded = new AtomicBoolean();
  private final AtomicReference<String> note = new AtomicReference<>();
  private final Set<String> addedBlobs = ConcurrentHashMap.newKeySet();
  private final Set<String> addedLayers = ConcurrentHashMap.newKeySet();

  private DiskBudget(long limitBytes, String setBy) {
    this.limitBytes = limitBytes;
    this.setBy = setBy;
  }

  /** No bound: only the additions are recorded. */
  public static DiskBudget unlimited() {
    return new DiskBudget(Long.MAX_VALUE, null);
  }

  /**
   * A bound of {@code limitMb} MB (0 or less: none).
   *
   * @param setBy what set it, named in the failure, such as {@code serve --max-build-disk-mb}
   */
  public static DiskBudget ofMb(long limitMb, String setBy) {
    return limitMb <= 0 ? unlimited() : new DiskBudget(limitMb * MB, setBy);
  }

  public boolean bounded() {
    return limitBytes != Long.MAX_VALUE;
  }

  public long limitBytes() {
    return limitBytes;
  }

  /** The bound in whole MB, as it was given. */
  public long limitMb() {
    return limitBytes / MB;
  }

  public long used() {
    return used.get();
  }

  /** True once a write went past the bound. */
  public boolean exceeded() {
    return exceeded.get();
  }

  /** Adds {@code bytes} the build wrote; past the bound, fails (and stays failed). */
  public void charge(long bytes) throws DiskBoundException {
    long now = used.addAndGet(bytes);
    if (now > limitBytes || exceeded.get()) {
      throw exceed();
    }
  }

  /** Gives back bytes the build wrote and deleted again (a temp file, a blob the store already had). */
  public void release(long bytes) {
    used.addAndGet(-bytes);
  }

  /**
   * Fails when {@code bytes} more would not fit, without charging them: for what is read
   * only to be hashed now and is written (and charged) later, such as a layer's inflated tar.
   */
  @Override
  public void checkFits(long bytes) throws DiskBoundException {
    if (used.get() + bytes > limitBytes) {
      throw exceed();
    }
  }

  /** Marks the budget as gone past its bound (a watcher that saw it first) and returns the failure to throw. */
  public DiskBoundException exceed() {
    exceeded.set(true);
    return new DiskBoundException(this);
  }

  /** What failed builds say after "step N wrote more than": {@code the build's 1024 MB of disk}. */
  public String boundText() {
    return "the build's " + limitMb() + " MB of disk";
  }

  /**
   * Says how the bound was passed, appended to the failure's sentence as it is (so starting
   * with a space or a colon: {@code " unpacking the base image"}); the first note stays.
   */
  public void note(String how) {
    note.compareAndSet(null, how);
  }

  /**
   * The failure's sentence for a build that went past the bound in step {@code step} (null:
   * outside any step), such as {@code step 2 wrote more than the build's 1024 MB of disk
   * (set by serve --max-build-disk-mb)}.
   */
  public String sentence(Integer step) {
    String how = note.get();
    return (step == null ? "the build" : "step " + step) + " wrote more than " + boundText()
        + (how == null ? "" : how)
        + (setBy == null ? "" : " (set by " + setBy + ")");
  }

  /** What set the bound, for the failure's sentence; null when nothing did. */
  public String setBy() {
    return setBy;
  }

  /** {@code out}, charging each byte written through it. */
  @Override
  public OutputStream charging(OutputStream out) {
    return new FilterOutputStream(out) {
      @Override
      public void write(int b) throws IOException {
        charge(1);
        out.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        charge(len);
        out.write(b, off, len);
      }
    };
  }

  /** {@code in}, charging each byte read through it: for a tar whose entries are written as it is read. */
  @Override
  public InputStream charging(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          charge(1);
        }
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
          charge(n);
        }
        return n;
      }

      @Override
      public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        charge(skipped);
        return skipped;
      }
    };
  }

  /** {@code in}, failing once more is read through it than would fit, charging nothing. */
  public InputStream fitting(InputStream in) {
    return new FilterInputStream(in) {
      private long read;

      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          checkFits(++read);
        }
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
          read += n;
          checkFits(read);
        }
        return n;
      }
    };
  }

  void addedBlob(String digest) {
    addedBlobs.add(digest);
  }

  void addedLayer(String diffId) {
    addedLayers.add(diffId);
  }

  /** The blobs this build put into the store first (another build may use them since). */
  public Set<String> addedBlobs() {
    return Set.copyOf(addedBlobs);
  }

  /** The unpacked layers this build put into the store first. */
  public Set<String> addedLayers() {
    return Set.copyOf(addedLayers);
  }
}
