package dev.templatestudio.bridge.download;

import java.io.IOException;
import java.io.OutputStream;

/**
 * How much a download may write where it lands: the embedded runtime's build disk budget, or no
 * bound beyond the download's own (the docker runtime's temporary file, which the engine copies
 * and the runtime deletes). Kept here so a download knows no runtime's store.
 */
public interface WriteBound {
  /** No bound beyond {@link HttpDownload#MAX_BYTES}. */
  WriteBound NONE = new WriteBound() {
    @Override
    public void checkFits(long bytes) {}

    @Override
    public OutputStream charging(OutputStream out) {
      return out;
    }
  };

  /** Fails, without charging, when {@code bytes} more would not fit. */
  void checkFits(long bytes) throws IOException;

  /** {@code out}, charging each byte written through it and failing past the bound. */
  OutputStream charging(OutputStream out);
}
