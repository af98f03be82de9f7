package dev.templatestudio.bridge.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.TemplateJson;
import dev.templatestudio.bridge.template.TemplateValidator;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Render → import gives the same template, also with stages, shells, mounts and downloads. */
class StagesRoundTripPropertyTest {

  @Provide
  Arbitrary<Template> templates() {
    return TemplateArbitraries.staged();
  }

  @Property(tries = 500, edgeCases = EdgeCasesMode.NONE)
  void renderThenImportGivesTheSameTemplate(@ForAll("templates") Template t) throws Exception {
    Assume.that(TemplateValidator.isBuildable(t));
    String text = DockerfileRenderer.render(t);
    ImportResult back = DockerfileImporter.importText(text, "Dockerfile");
    assertThat(back.diagnostics()).as("diagnostics of\n%s", text).isEmpty();
    assertThat(back.template()).as("template from\n%s", text).isEqualTo(t);
    assertThat(DockerfileRenderer.render(back.template())).isEqualTo(text);
    assertThat(TemplateJson.read(TemplateJson.write(t), "t")).isEqualTo(t);
    assertThat(PythonRenderer.render(t)).contains("Template.build(builder");
  }
}
