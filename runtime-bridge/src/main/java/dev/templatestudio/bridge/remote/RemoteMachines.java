package dev.templatestudio.bridge.remote;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.templatestudio.bridge.build.UnknownTemplateException;
import dev.templatestudio.bridge.machines.MachineInfo;
import dev.templatestudio.bridge.machines.MachineRequest;
import dev.templatestudio.bridge.machines.Machines;
import dev.templatestudio.bridge.machines.PoolInfo;
import dev.templatestudio.bridge.machines.UnknownMachineException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import okhttp3.Response;

/**
 * The machines a {@code serve} holds, through its API (docs/MACHINES.md): what the CLI's
 * {@code machine} commands use with {@code --runtime http://…}. Each call is one request, so
 * the machines live on the server whatever happens to this process. Thread-safe.
 */
final class RemoteMachines implements Machines {
  private final ApiClient client;

  RemoteMachines(ApiClient client) {
    this.client = client;
  }

  @Override
  public MachineInfo create(MachineRequest request) throws IOException {
    ObjectNode body = ApiClient.JSON.createObjectNode();
    body.put("ref", request.ref());
    if (request.timeoutSeconds() > 0) {
      body.put("timeoutSeconds", request.timeoutSeconds());
    }
    if (request.resources() != null) {
      body.set("resources", ApiClient.JSON.valueToTree(request.resources()));
    }
    request.env().forEach(body.putObject("env")::put);
    if (request.fallback() != null) {
      body.put("fallback", request.fallback().word());
    }
    if (!request.publish().isEmpty()) {
      request.publish().forEach(p -> body.withArray("publish").add(p.toString()));
    }
    if (request.hostNetwork()) {
      body.put("network", "host");
    }
    try {
      return ApiClient.JSON.treeToValue(client.machines("POST", "v1/machines", body), MachineInfo.class);
    } catch (RemoteRefusalException e) {
      if (e.status() == 404) {
        throw new UnknownTemplateException(e.getMessage());
      }
      throw e;
    }
  }

  @Override
  public List<MachineInfo> list() {
    try {
      return ApiClient.JSON.convertValue(client.machines("GET", "v1/machines", null),
          new TypeReference<List<MachineInfo>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Optional<MachineInfo> info(String id) {
    try {
      return Optional.of(ApiClient.JSON.treeToValue(client.machines("GET", "v1/machines/" + id, null),
          MachineInfo.class));
    } catch (RemoteRefusalException e) {
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw new UncheckedIOException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public int exec(String id, List<String> command, InputStream stdin, BiConsumer<String, String> output)
      throws IOException {
    ObjectNode body = ApiClient.JSON.createObjectNode();
    command.forEach(body.putArray("command")::add);
    if (stdin != null) {
      // Bounded by the server's request size: exec is for commands, not for moving files.
      body.put("stdin", new String(stdin.readNBytes(4 << 20), StandardCharsets.UTF_8));
    }
    try (Response r = open("v1/machines/" + id + "/exec", body, id)) {
      return RemoteRun.follow(client, r, output);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  @Override
  public void logs(String id, long from, boolean follow, LogLineConsumer consumer) throws IOException {
    try (Response r = open("v1/machines/" + id + "/logs" + (follow ? "?follow=1" : ""), null, id)) {
      SseFrames.read(r.body().source()::readUtf8Line, frame -> {
        JsonNode f = parse(frame.data());
        long n = f.path("n").asLong();
        if (n >= from) {
          try {
            consumer.line(n, f.path("stream").asText("stdout"), f.path("line").asText(""));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  @Override
  public boolean remove(String id) throws IOException {
    try {
      client.machines("DELETE", "v1/machines/" + id, null);
      return true;
    } catch (RemoteRefusalException e) {
      if (e.status() == 404) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public PoolInfo setPool(String ref, int ready, Integer max) throws IOException {
    ObjectNode body = ApiClient.JSON.createObjectNode();
    body.put("ref", ref);
    body.put("ready", ready);
    if (max != null) {
      body.put("max", max);
    }
    try {
      return ApiClient.JSON.treeToValue(client.machines("POST", "v1/pools", body), PoolInfo.class);
    } catch (RemoteRefusalException e) {
      if (e.status() == 404) {
        throw new UnknownTemplateException(e.getMessage());
      }
      throw e;
    }
  }

  @Override
  public List<PoolInfo> pools() {
    try {
      return ApiClient.JSON.convertValue(client.machines("GET", "v1/pools", null),
          new TypeReference<List<PoolInfo>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public boolean removePool(String ref) throws IOException {
    try {
      client.machines("DELETE", "v1/pools?ref=" + java.net.URLEncoder.encode(ref, StandardCharsets.UTF_8), null);
      return true;
    } catch (RemoteRefusalException e) {
      if (e.status() == 404) {
        return false;
      }
      throw e;
    }
  }

  private Response open(String path, JsonNode body, String id) throws IOException {
    try {
      return client.openMachineStream(path, body);
    } catch (RemoteRefusalException e) {
      if (e.status() == 404) {
        throw new UnknownMachineException(id);
      }
      throw e;
    }
  }

  private static JsonNode parse(String data) {
    try {
      return ApiClient.JSON.readTree(data);
    } catch (IOException e) {
      throw new UncheckedIOException(new IOException("the server sent a frame that is not JSON"));
    }
  }
}
