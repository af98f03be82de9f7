package dev.templatestudio.bridge.server;

import com.sun.net.httpserver.HttpExchange;
import dev.templatestudio.bridge.build.Runtime;
import dev.templatestudio.bridge.build.UnknownTemplateException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code POST /v1/runs} (an extension, docs/REMOTE.md): runs a command in a machine of the
 * server's runtime and streams it as Server-Sent Events, one {@code data:} frame per output line
 * ({@code {"stream":"stdout","line":"hi"}}) and last {@code {"exit":N}}, or {@code {"error":…}}
 * when the machine could not run it. A keep-alive comment every {@link #HEARTBEAT_MILLIS} also
 * finds out that the client went away (Ctrl+C): the run's thread is then interrupted, which
 * stops and removes the machine. The answer starts with the first line or heartbeat, so an
 * unknown ref is still a plain 404. Blocks its thread for the run's life. {@code POST
 * /v1/machines/{id}/exec} streams a command in a held machine the same way.
 */
final class RunStream {
  static final long HEARTBEAT_MILLIS = 1_000;
  private final HttpExchange ex;
  private final Thread runner = Thread.currentThread();
  private final AtomicBoolean gone = new AtomicBoolean();
  private OutputStream out;

  /** The frames, in this order of fields. */
  private record Line(String stream, String line) {}

  private record Exit(int exit) {}

  private record Failure(String error) {}

  private RunStream(HttpExchange ex) {
    this.ex = ex;
  }

  /** What runs while the stream is open: given the line sink, returns the exit code. */
  @FunctionalInterface
  interface Execution {
    /** @throws ApiError a refusal, answered as its status when no frame was sent yet */
    int run(java.util.function.BiConsumer<String, String> output) throws IOException, ApiError, InterruptedException;
  }

  static void send(HttpExchange ex, Runtime runtime, RunPost run) throws IOException, ApiError {
    send(ex, output -> {
      try {
        return runtime.run(run.ref(), run.command(), null, run.resources(), output);
      } catch (UnknownTemplateException e) {
        throw new ApiError(404, "no template \"" + run.ref() + "\" on this server; GET /v1/templates lists them");
      }
    });
  }

  static void send(HttpExchange ex, Execution execution) throws IOException, ApiError {
    RunStream stream = new RunStream(ex);
    Thread heartbeat = new Thread(stream::heartbeat, "run-heartbeat");
    heartbeat.setDaemon(true);
    heartbeat.start();
    try {
      int code = execution.run(stream::line);
      stream.write(new Exit(code));
    } catch (ApiError refusal) {
      if (stream.stopUnlessStarted()) {
        throw refusal;
      }
      stream.write(new Failure(refusal.getMessage()));
    } catch (IOException e) {
      if (!stream.gone.get()) {
        stream.write(new Failure(e.getMessage()));
      }
    } catch (InterruptedException e) {
      // The client went away: the command was killed.
    } finally {
      heartbeat.interrupt();
      try {
        stream.end();
      } finally {
        // Once ended nothing interrupts this thread again; an interrupt meant for the machine
        // must not reach the next request on this pooled thread.
        Thread.interrupted();
      }
    }
  }

  /** Output of the command, from the machine's reader threads. */
  private void line(String stream, String line) {
    write(new Line(stream, line));
  }

  private void heartbeat() {
    try {
      while (!gone.get()) {
        Thread.sleep(HEARTBEAT_MILLIS);
        send(": keep-alive\n\n");
      }
    } catch (InterruptedException e) {
      // The run ended.
    }
  }

  private void write(Object frame) {
    try {
      send("data: " + BuildJournal.JSON.writeValueAsString(frame) + "\n\n");
    } catch (IOException e) {
      leave();
    }
  }

  private synchronized void send(String text) {
    if (gone.get()) {
      return;
    }
    try {
      begin();
      out.write(text.getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      leave();
    }
  }

  private synchronized void begin() throws IOException {
    if (out == null) {
      ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
      ex.getResponseHeaders().set("Cache-Control", "no-cache");
      ex.sendResponseHeaders(200, 0);
      out = ex.getResponseBody();
    }
  }

  /** True, and nothing more will be sent, when the answer has not started: an error status can still be. */
  private synchronized boolean stopUnlessStarted() {
    if (out == null) {
      gone.set(true);
      return true;
    }
    return false;
  }

  /** The client is gone: stop the machine by interrupting the thread that waits for it, once. */
  private void leave() {
    if (gone.compareAndSet(false, true)) {
      runner.interrupt();
    }
  }

  private synchronized void end() throws IOException {
    gone.set(true);
    if (out != null) {
      out.close();
    }
  }
}
