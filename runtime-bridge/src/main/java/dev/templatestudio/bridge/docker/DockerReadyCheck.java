package dev.templatestudio.bridge.docker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.templatestudio.bridge.plan.StepFailure;
import dev.templatestudio.bridge.ready.ReadyLoop;
import dev.templatestudio.bridge.ready.ReadyWords;
import dev.templatestudio.bridge.template.Ready;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The docker runtime's {@link ReadyLoop.Probe} for one {@link DockerMachine}'s container. Every
 * check runs inside the container ({@code docker exec}), since a container without a network
 * cannot be probed from outside. The loop polls every 100 ms. Runs on the calling thread.
 */
final class DockerReadyCheck {
  private static final long POLL_MILLIS = 100;
  private static final Pattern HTTP_STATUS = Pattern.compile("HTTP/\\S+ (\\d{3})");
  private static final String URL_PROBE = "if command -v curl >/dev/null 2>&1; "
      + "then curl -s -o /dev/null -w 'HTTP/1.1 %{http_code}' \"$0\"; else wget -S -O /dev/null \"$0\" 2>&1; fi";
  private final DockerApi api;
  private final BooleanSupplier cancelled;

  DockerReadyCheck(DockerApi api, BooleanSupplier cancelled) {
    this.api = api;
    this.cancelled = cancelled;
  }

  /**
   * Blocks until the start command of {@code container} is ready; returns the {@code ready}
   * event's message ("cancelled" when cancelled first).
   */
  String await(String container, Ready ready, List<String> env) throws StepFailure, IOException {
    try {
      return ReadyLoop.await(ready, probe(container, env), POLL_MILLIS, cancelled);
    } catch (InterruptedException e) {
      if (!cancelled.getAsBoolean()) {
        Thread.currentThread().interrupt();
      }
      return "cancelled";
    }
  }

  private ReadyLoop.Probe probe(String container, List<String> env) {
    return new ReadyLoop.Probe() {
      @Override
      public void failIfEnded() throws StepFailure, IOException {
        DockerReadyCheck.this.failIfEnded(container);
      }

      @Override
      public int urlStatus(Ready.Url url) throws StepFailure, IOException {
        return urlStatusOrEnded(container, url, env);
      }

      @Override
      public boolean passes(Ready ready) throws StepFailure, IOException {
        return passesOrEnded(container, ready, env);
      }

      @Override
      public String outputTail() throws IOException {
        return api.logs(container, 10).strip();
      }
    };
  }

  /**
   * {@link #passes}, except that a start command which exits between the running check and the
   * probe (the engine then refuses the exec) fails as an ended start command, not as an engine error.
   */
  private boolean passesOrEnded(String container, Ready ready, List<String> env) throws StepFailure, IOException {
    try {
      return passes(container, ready, env);
    } catch (IOException e) {
      failIfEnded(container);
      throw e;
    }
  }

  /** {@link #urlStatus}, with {@link #passesOrEnded}'s care for a start command that just ended. */
  private int urlStatusOrEnded(String container, Ready.Url url, List<String> env) throws StepFailure, IOException {
    try {
      return urlStatus(container, url, env);
    } catch (IOException e) {
      failIfEnded(container);
      throw e;
    }
  }

  /** The HTTP status the URL answers with inside the container, or {@link ReadyWords#NO_ANSWER}. */
  private int urlStatus(String container, Ready.Url url, List<String> env) throws IOException {
    Matcher m = HTTP_STATUS.matcher(api.exec(container, List.of("/bin/sh", "-c", URL_PROBE, url.url()), env).output());
    int code = ReadyWords.NO_ANSWER;
    while (m.find()) {
      code = Integer.parseInt(m.group(1));
    }
    // curl writes 000 when nothing answered.
    return code == 0 ? ReadyWords.NO_ANSWER : code;
  }

  /** Whether a port, file, process or command check passes now. */
  private boolean passes(String container, Ready ready, List<String> env) throws IOException {
    if (ready instanceof Ready.Port p) {
      return listens(api.exec(container, List.of("cat", "/proc/net/tcp", "/proc/net/tcp6"), env).output(), p.port());
    }
    if (ready instanceof Ready.File f) {
      return api.exec(container, List.of("/bin/sh", "-c", "test -e \"$0\"", f.path()), env).exitCode() == 0;
    }
    if (ready instanceof Ready.Process p) {
      return runs(api.top(container), p.name());
    }
    if (ready instanceof Ready.Command c) {
      return api.exec(container, List.of("/bin/sh", "-c", c.command()), env).exitCode() == 0;
    }
    return false;
  }

  /** True when {@code /proc/net/tcp*} text shows a socket listening (state 0A) on {@code port}. */
  static boolean listens(String procNetTcp, int port) {
    String hexPort = String.format(Locale.ROOT, ":%04X", port);
    return procNetTcp.lines().map(String::trim).map(l -> l.split("\\s+"))
        .anyMatch(f -> f.length > 3 && f[1].endsWith(hexPort) && f[3].equals("0A"));
  }

  /** True when a process of {@code top}'s answer has {@code name} as its program. */
  static boolean runs(JsonNode top, String name) {
    int cmd = -1;
    for (int i = 0; i < top.path("Titles").size(); i++) {
      if (top.get("Titles").get(i).asText().equals("CMD")) {
        cmd = i;
      }
    }
    for (JsonNode process : top.path("Processes")) {
      String argv0 = process.path(cmd).asText().split(" ", 2)[0];
      if (argv0.substring(argv0.lastIndexOf('/') + 1).equals(name)) {
        return true;
      }
    }
    return false;
  }

  private void failIfEnded(String container) throws StepFailure, IOException {
    JsonNode state = api.inspectContainer(container).path("State");
    if (!state.path("Running").asBoolean()) {
      throw new StepFailure("the start command exited with code " + state.path("ExitCode").asInt()
          + " before it was ready" + tail(container));
    }
  }

  private String tail(String container) throws IOException {
    String out = api.logs(container, 10).strip();
    return out.isEmpty() ? "" : ":\n" + out;
  }
}
