package dev.templatestudio.bridge.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON of an event has exactly the fields of CONTRACT.md §5 that are set, in order. */
class BuildEventJsonTest {
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void buildEndHasOnlyContractFields() throws Exception {
    EventLog log = new EventLog("b1", new SecretMasker(List.of("hunter2")));
    log.append(BuildEvent.of(BuildEvent.BUILD_START).steps(1).build());
    log.append(BuildEvent.of(BuildEvent.LOG).step(1).stream("stdout").level("info")
        .message("password hunter2").build());
    BuildEvent end = log.append(BuildEvent.of(BuildEvent.BUILD_END).status(BuildEvent.STATUS_READY)
        .ref("t@sha256:00").cacheHits(1).steps(1).durationMs(5).build());

    String text = json.writeValueAsString(end);
    assertThat(text).doesNotContain("\"end\"")
        .matches("\\{\"seq\":3,\"time\":\"[0-9T:.\\-]+Z\",\"build\":\"b1\",\"kind\":\"build-end\","
            + "\"steps\":1,\"status\":\"ready\",\"durationMs\":5,\"ref\":\"t@sha256:00\",\"cacheHits\":1\\}");
    assertThat(json.writeValueAsString(log.after(1).get(0))).contains("\"message\":\"password ***\"");
    assertThat(json.readValue(text, BuildEvent.class)).isEqualTo(end);
  }
}
