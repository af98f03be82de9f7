package dev.templatestudio.bridge.embedded.layer;

import java.util.Arrays;

/**
 * The 512-byte ustar header that commons-compress's TarArchiveOutputStream writes, as {@link
 * LayerWriter} configures it, for an entry that needs no PAX record: made here without the
 * objects it makes per entry (an entry, a charset encoder per name, a map of PAX records), which
 * were most of the cost of making a layer's tar again in a fresh process (their code was what
 * the JIT compiled, issue 16). Must stay byte for byte what that stream writes: a layer kept as
 * its files is checked against the digest recorded when it was first written (UstarHeaderTest).
 */
final class UstarHeader {
  static final int SIZE = 512;
  /** The largest value of an 8-byte octal field (7 digits). */
  private static final long MAX_SHORT = 07777777L;
  /** The largest value of a 12-byte octal field (11 digits). */
  private static final long MAX_LONG = 077777777777L;
  /** Below this many bytes a name fits the name field; TarArchiveOutputStream adds a PAX path from it on. */
  private static final int NAME_FIELD = 100;

  private final byte[] header = new byte[SIZE];

  /**
   * Fills the header of an entry with no owner names and no device numbers; false (header
   * left unusable) when the entry needs a PAX record: a name or link that is not ASCII or has
   * 100 bytes or more, or a number past its field.
   */
  boolean fill(String name, byte type, int mode, long uid, long gid, long size, long mtime, String link) {
    if (!fits(name) || (link != null && !fits(link)) || uid > MAX_SHORT || gid > MAX_SHORT
        || size > MAX_LONG || mtime > MAX_LONG || uid < 0 || gid < 0 || size < 0 || mtime < 0) {
      return false;
    }
    Arrays.fill(header, (byte) 0);
    ascii(name, 0);
    octal(mode, 100, 8);
    octal(uid, 108, 8);
    octal(gid, 116, 8);
    octal(size, 124, 12);
    octal(mtime, 136, 12);
    Arrays.fill(header, 148, 156, (byte) ' ');
    header[156] = type;
    if (link != null) {
      ascii(link, 157);
    }
    ascii("ustar", 257);
    header[263] = '0';
    header[264] = '0';
    octal(0, 329, 8);
    octal(0, 337, 8);
    long sum = 0;
    for (byte b : header) {
      sum += b & 0xff;
    }
    // Six digits, NUL, space: the checksum's own layout.
    digits(sum, 148, 6);
    header[154] = 0;
    header[155] = ' ';
    return true;
  }

  byte[] bytes() {
    return header;
  }

  private static boolean fits(String s) {
    if (s.length() >= NAME_FIELD) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == 0 || c > 0x7f) {
        return false;
      }
    }
    return true;
  }

  private void ascii(String s, int offset) {
    for (int i = 0; i < s.length(); i++) {
      header[offset + i] = (byte) s.charAt(i);
    }
  }

  /** Zero-padded octal digits and a trailing space, as commons-compress writes a number that fits. */
  private void octal(long value, int offset, int length) {
    digits(value, offset, length - 1);
    header[offset + length - 1] = ' ';
  }

  private void digits(long value, int offset, int count) {
    long v = value;
    for (int i = count - 1; i >= 0; i--) {
      header[offset + i] = (byte) ('0' + (v & 7));
      v >>>= 3;
    }
  }
}
