package dev.templatestudio.bridge.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.EventLog;
import dev.templatestudio.bridge.build.LoggedBuild;
import dev.templatestudio.bridge.build.RuntimeUnavailableException;
import java.io.IOException;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * A build running on a remote server, followed from here: a daemon thread reads the build's
 * event stream into this handle's {@link EventLog}, keeping the server's seq and time, and
 * when the connection drops (or the server restarts) reconnects with {@code Last-Event-ID},
 * so no event is lost or seen twice. A stream that ends without a new event makes it ask the
 * server for the build's status: when that says the build ended (its record ends early), the
 * build ends here as the server says. It gives up after {@link #GIVE_UP_MILLIS} without a new
 * event, connected or not, and then ends the build here with an error that says so. Thread-safe.
 */
final class RemoteBuild extends LoggedBuild {
  static final long GIVE_UP_MILLIS = 120_000;
  private static final long FIRST_RETRY_MILLIS = 200;
  private static final long MAX_RETRY_MILLIS = 3_000;

  private final ApiClient client;
  private final Thread follower;
  private final long giveUpMillis;
  private volatile boolean stopped;

  RemoteBuild(ApiClient client, EventLog log) {
    this(client, log, GIVE_UP_MILLIS);
  }

  /** With another give-up time than {@link #GIVE_UP_MILLIS}, so tests need not wait two minutes. */
  RemoteBuild(ApiClient client, EventLog log, long giveUpMillis) {
    super(log);
    this.client = client;
    this.giveUpMillis = giveUpMillis;
    this.follower = new Thread(this::follow, "remote-build-" + id());
    follower.setDaemon(true);
  }

  void start() {
    follower.start();
  }

  /** Asks the server to cancel; the stream then brings the {@code build-end} with status cancelled. */
  @Override
  public void cancel() {
    if (result.isDone()) {
      return;
    }
    try {
      client.cancel(id());
    } catch (IOException e) {
      // The follower keeps trying to reach the server and reports the lost connection itself.
    }
  }

  /** Stops following (the runtime is closed); the build goes on on the server. */
  void stop() {
    stopped = true;
    follower.interrupt();
  }

  private void follow() {
    long retry = FIRST_RETRY_MILLIS;
    long failingSince = -1;
    String lastProblem = null;
    while (!log.isEnded() && !stopped) {
      long before = log.lastSeq();
      try (Response r = client.openEvents(id(), before)) {
        client.check(r);
        BufferedSource body = r.body().source();
        SseFrames.read(body::readUtf8Line, this::accept);
        if (log.lastSeq() > before) {
          // Only progress resets the give-up clock: a server that answers but brings nothing
          // new (its record of the build ends early) would otherwise be asked forever.
          failingSince = -1;
          retry = FIRST_RETRY_MILLIS;
        } else if (!log.isEnded() && endedOnServer()) {
          return;
        }
        // The stream ended without build-end: the server is stopping; it may come back.
        lastProblem = "the server closed the event stream";
      } catch (RemoteRefusalException | IllegalStateException | IllegalArgumentException e) {
        endHere("the server stopped reporting this build: " + e.getMessage());
        return;
      } catch (RuntimeUnavailableException e) {
        lastProblem = e.getMessage();
      } catch (IOException e) {
        lastProblem = "the connection to " + client.url() + " dropped (" + e.getMessage() + ")";
      }
      if (log.isEnded() || stopped) {
        break;
      }
      long now = System.currentTimeMillis();
      failingSince = failingSince < 0 ? now : failingSince;
      if (now - failingSince > giveUpMillis) {
        endHere(lastProblem + "; gave up after " + giveUpMillis / 1000 + " s, and the build may still run there "
            + "(GET " + client.url() + "/v1/builds/" + id() + " says how it ends)");
        return;
      }
      try {
        Thread.sleep(retry);
      } catch (InterruptedException e) {
        return;
      }
      retry = Math.min(MAX_RETRY_MILLIS, retry * 2);
    }
    completeIfEnded();
  }

  private void accept(SseFrames.Frame frame) {
    BuildEvent e;
    try {
      e = ApiClient.JSON.readValue(frame.data(), BuildEvent.class);
    } catch (IOException ex) {
      throw new IllegalStateException("an event was not JSON (" + ex.getMessage() + ")");
    }
    if (e.seq() <= log.lastSeq()) {
      return;
    }
    log.relay(e);
    completeIfEnded();
  }

  private void completeIfEnded() {
    if (log.isEnded()) {
      result.complete(log.after(log.lastSeq() - 1).get(0));
    }
  }

  /**
   * When the server says the build ended though its stream brought no {@code build-end}, ends
   * it here as the server's status says, and says so; true then.
   */
  private boolean endedOnServer() throws IOException {
    JsonNode status = client.status(id());
    String state = status.path("status").asText();
    if (!BuildEvent.STATUS_READY.equals(state) && !BuildEvent.STATUS_ERROR.equals(state)
        && !BuildEvent.STATUS_CANCELLED.equals(state)) {
      return false;
    }
    String why = status.path("message").asText(null);
    log.append(BuildEvent.of(BuildEvent.BUILD_END).status(state).ref(status.path("ref").asText(null))
        .message("the server's event record of this build ends early; the server says it ended " + state
            + (why != null ? ": " + why : ""))
        .build());
    completeIfEnded();
    return true;
  }

  /** Ends the build here when the server can no longer tell how it ends. */
  private void endHere(String message) {
    if (!log.isEnded()) {
      log.append(BuildEvent.of(BuildEvent.BUILD_END).status(BuildEvent.STATUS_ERROR).message(message).build());
    }
    completeIfEnded();
  }
}
