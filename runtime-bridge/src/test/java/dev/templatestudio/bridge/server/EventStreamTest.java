package dev.templatestudio.bridge.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.EventLog;
import dev.templatestudio.bridge.build.SecretMasker;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A log longer than the stream's read batch is sent whole, stored or live. */
class EventStreamTest {
  private static final int EVENTS = 10_000;

  @TempDir Path tmp;

  @Test
  void aLongStoredLogIsSentWholeFromDisk() throws Exception {
    BuildJournal journal = new BuildJournal(tmp);
    try (BuildJournal.Writer writer = journal.writer("b1")) {
      for (int i = 1; i <= EVENTS; i++) {
        writer.append(BuildEvent.of(BuildEvent.LOG).message("line " + i).build().stamped(i, "2026-11-28T18:00:00Z", "b1"));
      }
    }
    assertThat(idsSent(() -> EventFeed.stored(journal.reader("b1")), 10)).hasSize(EVENTS - 10).startsWith("id: 11")
        .endsWith("id: " + EVENTS);
    assertThat(idsSent(() -> EventFeed.stored(journal.reader("b1")), EVENTS - 1)).containsExactly("id: " + EVENTS);
  }

  @Test
  void aLongLiveLogIsSentWholeUntilItEnds() throws Exception {
    EventLog log = new EventLog("b1", SecretMasker.none());
    for (int i = 1; i < EVENTS; i++) {
      log.append(BuildEvent.of(BuildEvent.LOG).message("line " + i).build());
    }
    log.append(BuildEvent.of(BuildEvent.BUILD_END).status(BuildEvent.STATUS_DONE).build());
    assertThat(idsSent(() -> EventFeed.live(log), 0)).hasSize(EVENTS).endsWith("id: " + EVENTS);
  }

  /** Opens a feed per request. */
  interface Feeds {
    EventFeed open() throws java.io.IOException;
  }

  private static List<String> idsSent(Feeds feeds, long after) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/events", ex -> {
      try {
        EventStream.send(ex, feeds.open(), after, () -> false);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    server.start();
    try {
      HttpResponse<java.util.stream.Stream<String>> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/events")).build(),
          HttpResponse.BodyHandlers.ofLines());
      return response.body().filter(l -> l.startsWith("id: ")).toList();
    } finally {
      server.stop(0);
    }
  }
}
