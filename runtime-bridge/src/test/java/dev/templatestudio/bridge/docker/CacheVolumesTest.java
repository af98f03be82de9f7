package dev.templatestudio.bridge.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code prune --runtime docker}'s part on the private dockerd: the runtime's cache volume that
 * no container uses goes (not on a dry run), one a container has mounted stays, other volumes
 * are never touched.
 */
class CacheVolumesTest {
  @Test
  void removesTheUnusedCacheVolumesOnlyAndKeepsThoseInUse() throws Exception {
    DockerHost host = DockerEngineFixture.engine();
    DockerApi api = DockerApi.connect(host);
    String unique = UUID.randomUUID().toString().substring(0, 8);
    String unused = "template-studio-cache-test-" + unique;
    String used = "template-studio-cache-test-used-" + unique;
    String other = "not-ours-" + unique;
    String container = null;
    try {
      for (String name : List.of(unused, used, other)) {
        api.http().json("POST", "/volumes/create", DockerHttp.JSON.createObjectNode().put("Name", name));
      }
      ObjectNode config = DockerHttp.JSON.createObjectNode().put("Image", DockerEngineFixture.BASE);
      config.putArray("Cmd").add("true");
      config.putObject("HostConfig").putArray("Mounts").addObject().put("Type", "volume").put("Source", used)
          .put("Target", "/c");
      container = api.createContainer(config);

      CacheVolumes.Pruned dry = CacheVolumes.prune(host, true);
      assertThat(dry.removed()).extracting(CacheVolumes.Volume::name).contains(unused).doesNotContain(used, other);
      assertThat(dry.inUse()).extracting(CacheVolumes.Volume::name).contains(used);
      assertThat(names(api)).contains(unused, used, other);

      CacheVolumes.Pruned pruned = CacheVolumes.prune(host, false);
      assertThat(pruned.removed()).extracting(CacheVolumes.Volume::name).contains(unused);
      assertThat(names(api)).doesNotContain(unused).contains(used, other);
    } finally {
      if (container != null) {
        api.removeContainer(container);
      }
      for (String name : List.of(unused, used, other)) {
        try {
          api.http().json("DELETE", "/volumes/" + name, null);
        } catch (DockerException e) {
          // Already gone: the prune took it.
        }
      }
    }
  }

  private static List<String> names(DockerApi api) throws Exception {
    return api.http().json("GET", "/volumes", null).path("Volumes").findValuesAsText("Name");
  }
}
