package dev.templatestudio.bridge.embedded.layer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Hand-made tars, including the ones no honest tool writes. */
public final class TarBuilder {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes);

  public TarBuilder() {
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
  }

  public TarBuilder dir(String name) {
    return add(new TarArchiveEntry(name, TarConstants.LF_DIR, true), null);
  }

  public TarBuilder file(String name, String content) {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
    byte[] data = content.getBytes(StandardCharsets.UTF_8);
    entry.setSize(data.length);
    return add(entry, data);
  }

  public TarBuilder symlink(String name, String target) {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
    entry.setLinkName(target);
    return add(entry, null);
  }

  public TarBuilder hardlink(String name, String target) {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_LINK, true);
    entry.setLinkName(target);
    return add(entry, null);
  }

  public TarBuilder device(String name, byte type, int major, int minor) {
    TarArchiveEntry entry = new TarArchiveEntry(name, type, true);
    entry.setDevMajor(major);
    entry.setDevMinor(minor);
    return add(entry, null);
  }

  public byte[] build() {
    try {
      tar.finish();
      tar.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private TarBuilder add(TarArchiveEntry entry, byte[] data) {
    try {
      if (entry.getMode() == 0 || entry.isFile()) {
        entry.setMode(entry.isDirectory() ? 0755 : 0644);
      }
      tar.putArchiveEntry(entry);
      if (data != null) {
        tar.write(data);
      }
      tar.closeArchiveEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }
}
