package dev.templatestudio.bridge.server;

import com.sun.net.httpserver.HttpExchange;
import dev.templatestudio.bridge.build.BuildEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code GET /v1/builds/{id}/events} (CONTRACT.md §6): a build's events as Server-Sent Events,
 * {@code id: SEQ} and {@code data: EVENT-JSON} each, from after the given seq, live while the
 * build runs; the stream ends after {@code build-end}. A comment line every
 * {@link #HEARTBEAT_MILLIS} keeps idle connections open and lets both ends notice a dead one.
 * Blocks its thread for the stream's life.
 */
final class EventStream {
  static final long HEARTBEAT_MILLIS = 10_000;
  private static final long POLL_MILLIS = 500;

  private EventStream() {}

  /**
   * Streams {@code feed} after {@code afterSeq}: a running build's until it ends, also while the
   * server stops (stopping cancels the build, and the end that brings is what its client waits
   * for; the server's stop cuts a stream that outlasts its grace), a finished one's as it is.
   * Closes the feed.
   */
  static void send(HttpExchange ex, EventFeed feed, long afterSeq)
      throws IOException, InterruptedException {
    ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    ex.getResponseHeaders().set("Cache-Control", "no-cache");
    ex.sendResponseHeaders(200, 0);
    try (feed; OutputStream out = ex.getResponseBody()) {
      long after = afterSeq;
      long lastWrite = System.currentTimeMillis();
      while (true) {
        List<BuildEvent> batch = feed.next(after, POLL_MILLIS);
        for (BuildEvent e : batch) {
          out.write(frame(e));
          after = e.seq();
        }
        if (!batch.isEmpty()) {
          out.flush();
          lastWrite = System.currentTimeMillis();
        }
        boolean ended = !batch.isEmpty() && batch.get(batch.size() - 1).isEnd();
        if (ended || feed.finished(after)) {
          return;
        }
        if (System.currentTimeMillis() - lastWrite >= HEARTBEAT_MILLIS) {
          out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
          out.flush();
          lastWrite = System.currentTimeMillis();
        }
      }
    }
  }

  static byte[] frame(BuildEvent e) throws IOException {
    // Jackson escapes line breaks inside strings, so the JSON is one data line.
    return ("id: " + e.seq() + "\ndata: " + BuildJournal.JSON.writeValueAsString(e) + "\n\n")
        .getBytes(StandardCharsets.UTF_8);
  }
}
