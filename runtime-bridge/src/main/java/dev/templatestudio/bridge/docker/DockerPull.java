package dev.templatestudio.bridge.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import dev.templatestudio.bridge.plan.StepCanon;
import dev.templatestudio.bridge.plan.StepFailure;
import dev.templatestudio.bridge.template.Base;
import java.io.IOException;
import java.util.function.Consumer;

/** A base image the engine lacks, pulled by the engine ({@code POST /images/create}). Stateless. */
final class DockerPull {
  private DockerPull() {}

  /** The key of a base not resolved yet: the reference alone, as the embedded runtime keys it. */
  static String askedKey(Base base) {
    return StepCanon.key(null, StepCanon.base(base, null), null);
  }

  /** Pulls {@code ref}; {@code lines} gets the engine's status lines. */
  static void pull(DockerApi api, String ref, Consumer<String> lines) throws IOException, StepFailure {
    int at = ref.indexOf('@');
    int colon = ref.lastIndexOf(':');
    String query;
    if (at >= 0) {
      query = "fromImage=" + DockerApi.q(ref);
    } else if (colon > ref.lastIndexOf('/')) {
      query = "fromImage=" + DockerApi.q(ref.substring(0, colon)) + "&tag=" + DockerApi.q(ref.substring(colon + 1));
    } else {
      query = "fromImage=" + DockerApi.q(ref) + "&tag=latest";
    }
    try (DockerHttp.Response r = api.http().send("POST", "/images/create?" + query, null, -1, null).checked()) {
      MappingIterator<JsonNode> messages = DockerHttp.JSON.readerFor(JsonNode.class).readValues(r.body);
      while (messages.hasNextValue()) {
        JsonNode m = messages.nextValue();
        if (m.hasNonNull("error")) {
          throw new StepFailure("the base image " + ref + " is not on the Docker Engine and pulling it failed: "
              + m.path("error").asText());
        }
        if (m.hasNonNull("status") && !m.has("progressDetail")) {
          lines.accept(m.path("status").asText());
        }
      }
    } catch (DockerException e) {
      throw new StepFailure("the base image " + ref + " is not on the Docker Engine and pulling it failed: "
          + e.getMessage());
    }
  }
}
