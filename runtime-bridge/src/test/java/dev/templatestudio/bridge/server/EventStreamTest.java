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

  /**
   * A server that stops cancels its running builds and then closes: a client following one must
   * still get the build's end, which comes a moment after the stop began (once seen lost, the
   * client retried a server that was gone and gave up after two minutes).
   */
  @Test
  void aLiveStreamOfAServerThatStartedToStopStillBringsTheBuildsEnd() throws Exception {
    EventLog log = new EventLog("b1", SecretMasker.none());
    log.append(BuildEvent.of(BuildEvent.BUILD_START).steps(1).build());
    Thread canceller = new Thread(() -> {
      try {
        Thread.sleep(1500);
      } catch (InterruptedException e) {
        return;
      }
      log.append(BuildEvent.of(BuildEvent.BUILD_END).status(BuildEvent.STATUS_ERROR).message("stopped").build());
    });
    canceller.start();
    try {
      assertThat(idsSent(() -> EventFeed.live(log), 0)).containsExactly("id: 1", "id: 2");
    } finally {
      canceller.join();
    }
  }

  /** Opens a feed per request. */
  interface Feeds {
    EventFeed open() throws java.io.IOException;
  }

  private static List<String> idsSent(Feeds feeds, long after) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/events", ex -> {
      try {
        EventStream.send(ex, feeds.open(), after);
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
