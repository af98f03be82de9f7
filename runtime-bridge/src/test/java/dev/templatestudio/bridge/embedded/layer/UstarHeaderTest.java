package dev.templatestudio.bridge.embedded.layer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;

/**
 * A header LayerWriter makes itself is the one commons-compress's tar stream writes for the
 * same entry, byte for byte, and an entry that needs a PAX record is left to that stream: a
 * layer kept as its files must make the tar it was first recorded as.
 */
class UstarHeaderTest {
  private static final String NAME_99 = "d/" + "n".repeat(97);

  private record Case(String name, byte type, int mode, long uid, long gid, long size, long mtime, String link) {}

  /** What the tar stream, set up as LayerWriter sets it up, writes for the entry's header (and PAX records). */
  private static byte[] commons(Case c) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TarArchiveOutputStream tar = new TarArchiveOutputStream(out, TarConstants.DEFAULT_RCDSIZE, "UTF-8");
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    tar.setAddPaxHeadersForNonAsciiNames(true);
    TarArchiveEntry entry = new TarArchiveEntry(c.name(), c.type(), true);
    entry.setMode(c.mode());
    entry.setUserId(c.uid());
    entry.setGroupId(c.gid());
    entry.setUserName("");
    entry.setGroupName("");
    entry.setModTime(FileTime.from(Instant.ofEpochSecond(c.mtime())));
    if (c.link() != null) {
      entry.setLinkName(c.link());
    }
    entry.setSize(c.size());
    tar.putArchiveEntry(entry);
    tar.flush();
    return out.toByteArray();
  }

  private static byte[] ours(Case c) {
    UstarHeader header = new UstarHeader();
    return header.fill(c.name(), c.type(), c.mode(), c.uid(), c.gid(), c.size(), c.mtime(), c.link())
        ? header.bytes().clone() : null;
  }

  @Test
  void plainEntriesGetTheTarStreamsHeaderByteForByte() throws Exception {
    Case[] cases = {
        new Case("etc/hosts", TarConstants.LF_NORMAL, 0644, 0, 0, 12, 1_700_000_000L, null),
        new Case("etc/", TarConstants.LF_DIR, 0755, 0, 0, 0, 0, null),
        new Case("usr/bin/x", TarConstants.LF_NORMAL, 07777, 2_097_151L, 2_097_151L, 8_589_934_591L, 077777777777L, null),
        new Case("bin/sh", TarConstants.LF_SYMLINK, 0777, 1000, 1000, 0, 86_400, "busybox"),
        new Case("bin/ls", TarConstants.LF_LINK, 0755, 0, 0, 0, 1, "bin/busybox"),
        new Case("run/fifo", TarConstants.LF_FIFO, 0600, 5, 6, 0, 1_000_000_000L, null),
        new Case(NAME_99, TarConstants.LF_NORMAL, 0400, 1, 2, 513, 3, null),
        new Case("l", TarConstants.LF_SYMLINK, 0777, 0, 0, 0, 3, NAME_99),
    };
    for (Case c : cases) {
      byte[] expected = commons(c);
      assertThat(expected).as(c.name() + ": the tar stream writes one header record").hasSize(512);
      assertThat(ours(c)).as(c.name()).isEqualTo(expected);
    }
  }

  @Test
  void entriesThatNeedAPaxRecordAreLeftToTheTarStream() throws Exception {
    Case[] cases = {
        new Case(NAME_99 + "n", TarConstants.LF_NORMAL, 0644, 0, 0, 1, 1, null),
        new Case("caf\u00e9.txt", TarConstants.LF_NORMAL, 0644, 0, 0, 1, 1, null),
        new Case("l", TarConstants.LF_SYMLINK, 0777, 0, 0, 0, 1, NAME_99 + "n"),
        new Case("l", TarConstants.LF_SYMLINK, 0777, 0, 0, 0, 1, "\u00fcber"),
        new Case("big-uid", TarConstants.LF_NORMAL, 0644, 2_097_152L, 0, 1, 1, null),
        new Case("big-gid", TarConstants.LF_NORMAL, 0644, 0, 2_097_152L, 1, 1, null),
        new Case("huge", TarConstants.LF_NORMAL, 0644, 0, 0, 8_589_934_592L, 1, null),
        new Case("late", TarConstants.LF_NORMAL, 0644, 0, 0, 1, 077777777777L + 1, null),
    };
    for (Case c : cases) {
      assertThat(commons(c).length).as(c.name() + ": the tar stream adds a PAX record").isGreaterThan(512);
      assertThat(ours(c)).as(c.name()).isNull();
    }
  }
}
