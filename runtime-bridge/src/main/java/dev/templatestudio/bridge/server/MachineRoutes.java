package dev.templatestudio.bridge.server;

import com.sun.net.httpserver.HttpExchange;
import dev.templatestudio.bridge.build.UnknownTemplateException;
import dev.templatestudio.bridge.machines.MachineInfo;
import dev.templatestudio.bridge.machines.Machines;
import dev.templatestudio.bridge.machines.UnknownMachineException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The machine half of the remote API (CONTRACT.md §7, docs/MACHINES.md): {@code /v1/machines}
 * (POST create, answered once the machine is ready; GET list), {@code /v1/machines/{id}} (GET,
 * DELETE), {@code /v1/machines/{id}/exec} (POST, streamed as {@code /v1/runs} is) and
 * {@code /v1/machines/{id}/logs} (GET, Server-Sent Events of the start command's output;
 * {@code ?follow=1} until the machine stops) and {@code /v1/pools} (GET list, POST set,
 * DELETE {@code ?ref=}). The server's runtime holds the machines and their pools.
 */
final class MachineRoutes {
  private static final Pattern ONE = Pattern.compile("/v1/machines/([0-9a-f]{1,64})");
  private static final Pattern EXEC = Pattern.compile("/v1/machines/([0-9a-f]{1,64})/exec");
  private static final Pattern LOGS = Pattern.compile("/v1/machines/([0-9a-f]{1,64})/logs");

  private MachineRoutes() {}

  /** True when {@code path} is a machine path (answered here), false for any other. */
  static boolean route(HttpExchange ex, String method, String path, Machines machines, byte[] body)
      throws IOException, ApiError {
    Matcher m;
    if (path.equals("/v1/pools")) {
      ApiServer.allow(method, "GET", "POST", "DELETE");
      if (method.equals("GET")) {
        Exchanges.json(ex, 200, machines.pools());
      } else if (method.equals("POST")) {
        MachinePost.Pool pool = MachinePost.pool(body);
        try {
          Exchanges.json(ex, 200, machines.setPool(pool.ref(), pool.ready(), pool.max()));
        } catch (UnknownTemplateException e) {
          throw new ApiError(404, e.getMessage().replaceFirst(" is not in the store .*", " is not on this server; "
              + "GET /v1/templates lists them"));
        } catch (IOException e) {
          throw new ApiError(422, e.getMessage());
        }
      } else {
        String ref = Exchanges.query(ex, "ref");
        if (ref == null || !machines.removePool(ref)) {
          throw new ApiError(404, "no warm pool for " + (ref == null ? "(no ?ref=)" : ref) + "; GET /v1/pools lists them");
        }
        Exchanges.json(ex, 200, Map.of("removed", ref));
      }
    } else if (path.equals("/v1/machines")) {
      ApiServer.allow(method, "GET", "POST");
      if (method.equals("GET")) {
        Exchanges.json(ex, 200, machines.list());
        return true;
      }
      try {
        Exchanges.json(ex, 201, machines.create(MachinePost.create(body)));
      } catch (UnknownTemplateException e) {
        throw new ApiError(404, e.getMessage().replaceFirst(" is not in the store .*", " is not on this server; "
            + "GET /v1/templates lists them"));
      } catch (IOException e) {
        throw new ApiError(422, e.getMessage());
      }
    } else if ((m = EXEC.matcher(path)).matches()) {
      ApiServer.allow(method, "POST");
      String id = m.group(1);
      MachinePost.Exec exec = MachinePost.exec(body);
      RunStream.send(ex, output -> {
        try {
          return machines.exec(id, exec.command(), exec.stdin() == null ? null
              : new ByteArrayInputStream(exec.stdin().getBytes(StandardCharsets.UTF_8)), output);
        } catch (UnknownMachineException e) {
          throw new ApiError(404, e.getMessage());
        }
      });
    } else if ((m = LOGS.matcher(path)).matches()) {
      ApiServer.allow(method, "GET");
      logs(ex, machines, m.group(1), "1".equals(Exchanges.query(ex, "follow")));
    } else if ((m = ONE.matcher(path)).matches()) {
      ApiServer.allow(method, "GET", "DELETE");
      String id = m.group(1);
      MachineInfo info = machines.info(id).orElseThrow(() -> new ApiError(404, new UnknownMachineException(id).getMessage()));
      if (method.equals("DELETE")) {
        machines.remove(id);
        Exchanges.json(ex, 200, Map.of("removed", id));
      } else {
        Exchanges.json(ex, 200, info);
      }
    } else {
      return false;
    }
    return true;
  }

  private record LogLine(long n, String stream, String line) {}

  private static void logs(HttpExchange ex, Machines machines, String id, boolean follow) throws IOException, ApiError {
    if (machines.info(id).isEmpty()) {
      throw new ApiError(404, new UnknownMachineException(id).getMessage());
    }
    ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    ex.getResponseHeaders().set("Cache-Control", "no-cache");
    ex.sendResponseHeaders(200, 0);
    try (OutputStream out = ex.getResponseBody()) {
      machines.logs(id, 0, follow, (n, stream, text) -> {
        out.write(("id: " + n + "\ndata: " + BuildJournal.JSON.writeValueAsString(new LogLine(n, stream, text))
            + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
      });
    } catch (UnknownMachineException e) {
      // Removed while read: the stream simply ends.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
