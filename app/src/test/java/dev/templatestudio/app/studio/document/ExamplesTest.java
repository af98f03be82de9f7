package dev.templatestudio.app.studio.document;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.template.TemplateJson;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ExamplesTest {
  @Test
  void thePythonExampleIsTheSeedExampleFile() throws Exception {
    Path file = Path.of("..", "examples", "fastapi-agent.template.json");
    assertThat(Examples.python()).isEqualTo(TemplateJson.read(file));
  }
}
