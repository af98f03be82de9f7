package dev.templatestudio.bridge.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.TemplateValidator;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** import(render(t)) == t for every valid template, and rendering is deterministic. */
class RoundTripProperties {

  @Provide
  Arbitrary<Template> templates() {
    return TemplateArbitraries.template();
  }

  @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
  void renderThenImportGivesTheSameTemplate(@ForAll("templates") Template t) {
    Assume.that(TemplateValidator.isBuildable(t));
    String text = DockerfileRenderer.render(t);
    ImportResult back = DockerfileImporter.importText(text, "Dockerfile");
    assertThat(back.diagnostics()).as("diagnostics of\n%s", text).isEmpty();
    assertThat(back.template()).as("template from\n%s", text).isEqualTo(t);
    assertThat(DockerfileRenderer.render(back.template())).isEqualTo(text);
  }

  @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
  void partsCoverEveryLineInOrder(@ForAll("templates") Template t) {
    RenderedDockerfile r = DockerfileRenderer.renderMapped(t);
    assertThat(r.parts()).hasSize(t.steps().size() + 2);
    int next = 1;
    for (RenderedDockerfile.LineRange range : r.parts()) {
      assertThat(range.first()).isEqualTo(next);
      next = range.last() + 1;
    }
    assertThat(next - 1).isEqualTo(r.text().split("\n", -1).length - 1);
  }
}
