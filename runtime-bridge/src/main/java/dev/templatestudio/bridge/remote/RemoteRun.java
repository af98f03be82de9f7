package dev.templatestudio.bridge.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.templatestudio.bridge.template.Resources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.BiConsumer;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * A command run in a machine on a server ({@code POST /v1/runs}, docs/REMOTE.md): hands each
 * output line of the stream to the caller and returns the exit code of its last frame. The
 * stream is not resumed when it breaks: the server stops the machine when its client goes, so
 * there is nothing to come back to. Blocks the calling thread.
 */
final class RemoteRun {
  private RemoteRun() {}

  static int run(ApiClient client, String ref, List<String> command, Resources resources,
      BiConsumer<String, String> output) throws IOException {
    ObjectNode body = ApiClient.JSON.createObjectNode();
    body.put("ref", ref);
    command.forEach(body.putArray("command")::add);
    if (resources != null) {
      body.set("resources", ApiClient.JSON.valueToTree(resources));
    }
    // Opened apart: a refusal or an unreachable server is its own sentence, not a dropped run.
    Response r = open(client, body);
    try (r) {
      return follow(client, r, output);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } catch (IOException e) {
      throw new IOException("the connection to " + client.url() + " dropped while the command ran ("
          + e.getMessage() + "); the server stopped the machine", e);
    }
  }

  /**
   * Reads a command's stream ({@code /v1/runs}, {@code /v1/machines/{id}/exec}) to its end: each
   * output line to {@code output}, then the exit code of its last frame.
   *
   * @throws UncheckedIOException with the server's sentence for an {@code error} frame
   * @throws IOException when the stream ends without an exit code
   */
  static int follow(ApiClient client, Response r, BiConsumer<String, String> output) throws IOException {
    Integer[] exit = {null};
    BufferedSource source = r.body().source();
    SseFrames.read(source::readUtf8Line, frame -> {
      JsonNode f = parse(frame.data());
      if (f.has("exit")) {
        exit[0] = f.path("exit").asInt();
      } else if (f.has("error")) {
        throw new UncheckedIOException(new IOException(f.path("error").asText()));
      } else {
        output.accept(f.path("stream").asText("stdout"), f.path("line").asText(""));
      }
    });
    if (exit[0] == null) {
      throw new IOException("the server " + client.url() + " ended the command without its exit code");
    }
    return exit[0];
  }

  private static Response open(ApiClient client, JsonNode body) throws IOException {
    try {
      return client.openRun(body);
    } catch (RemoteRefusalException e) {
      throw new RemoteRefusalException(e.status(), "the server " + client.url() + " refused the run: " + e.getMessage());
    }
  }

  private static JsonNode parse(String data) {
    try {
      return ApiClient.JSON.readTree(data);
    } catch (IOException e) {
      throw new UncheckedIOException(new IOException("the server sent a run frame that is not JSON"));
    }
  }
}
