package dev.templatestudio.bridge.docker;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A template image of a Docker Engine as the engine's {@code docker save} tar
 * ({@code GET /images/{id}/get}): the docker side of {@code export --runtime docker}. What reads
 * the tar and writes the export is the embedded store's, put together by {@code runtimes}, so
 * this runtime knows nothing of it. Stateless.
 */
public final class DockerSave {
  private DockerSave() {}

  /**
   * Streams the save of template {@code ref} ({@code NAME@sha256:ID}, {@code NAME:TAG} or
   * {@code NAME}, as {@code run} takes it) on the engine at {@code host} into {@code out}.
   *
   * @return the template's ref on the engine, {@code NAME@sha256:<image id>}
   * @throws IOException with one sentence when the engine has no such template
   */
  public static String save(DockerHost host, String ref, OutputStream out) throws IOException {
    DockerApi api = DockerApi.connect(host);
    JsonNode image = DockerRun.resolve(api, ref).orElseThrow(() -> new IOException("template \"" + ref
        + "\" is not on the Docker Engine at " + host.url() + " (templates --runtime docker lists what is)"));
    String id = image.path("Id").asText();
    String name = image.path("Config").path("Labels").path(DockerLabels.TEMPLATE).asText();
    try (DockerHttp.Response r = api.http().send("GET", "/images/" + URLEncoder.encode(id, StandardCharsets.UTF_8)
        + "/get", null, -1, null).checked()) {
      r.body.transferTo(out);
    }
    return name + "@" + (id.startsWith("sha256:") ? id : "sha256:" + id);
  }
}
