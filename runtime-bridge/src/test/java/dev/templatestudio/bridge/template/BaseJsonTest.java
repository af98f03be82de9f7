package dev.templatestudio.bridge.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BaseJsonTest {
  @Test
  void anImageBaseWritesOnlyItsImageAndReadsBackEqual() throws Exception {
    Template t = Template.of(Base.image("python:3.12"), List.of());
    String json = TemplateJson.write(t);
    assertThat(json).doesNotContain("\"template\"");
    assertThat(TemplateJson.read(json, "t.json")).isEqualTo(t);
  }

  @Test
  void aTemplateBaseReadsBackEqual() throws Exception {
    Template t = Template.of(Base.template("agent:stable"), List.of());
    assertThat(TemplateJson.read(TemplateJson.write(t), "t.json")).isEqualTo(t);
  }
}
