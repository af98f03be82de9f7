package dev.templatestudio.bridge.docker;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** The body of an HTTP/1.1 response sent with {@code Transfer-Encoding: chunked}. Not thread-safe. */
final class ChunkedInputStream extends InputStream {
  private final InputStream in;
  private long left;
  private boolean done;

  ChunkedInputStream(InputStream in) {
    this.in = in;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (done) {
      return -1;
    }
    if (left == 0) {
      String size = HttpLines.readLine(in);
      if (size == null) {
        throw new EOFException("the Docker Engine closed the connection inside a chunked answer");
      }
      int semicolon = size.indexOf(';');
      left = Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
      if (left == 0) {
        // Trailers, then the empty line that ends the message.
        String line;
        do {
          line = HttpLines.readLine(in);
        } while (line != null && !line.isEmpty());
        done = true;
        return -1;
      }
    }
    int n = in.read(b, off, (int) Math.min(len, left));
    if (n < 0) {
      throw new EOFException("the Docker Engine closed the connection inside a chunk");
    }
    left -= n;
    if (left == 0) {
      HttpLines.readLine(in);
    }
    return n;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
