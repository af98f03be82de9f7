package dev.templatestudio.app.studio.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.app.studio.document.StepKind;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.DownloadStep;
import dev.templatestudio.bridge.template.Mount;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.TemplateValidator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The studio names what issue 12 added: downloads, copies from a stage, mounts, a stage base. */
class StageCardSummariesTest {
  @Test
  void summariesSayWhereFilesComeFrom() {
    assertThat(CardSummaries.summary(new DownloadStep("https://e.org/f", "/opt/")))
        .isEqualTo("https://e.org/f \u2192 /opt/");
    assertThat(CardSummaries.summary(new CopyStep(List.of("/out"), "/app", null, null,
        Base.stage("build"), false))).isEqualTo("from build: /out \u2192 /app");
    assertThat(CardSummaries.summary(new RunStep("make", null, List.of(Mount.cache("/c")), false)))
        .isEqualTo("make (1 mount)");
    assertThat(CardSummaries.base(Base.stage("build"))).isEqualTo("stage build");
  }

  @Test
  void aDownloadHasAPaletteKindWhoseNewStepIsValid() {
    DownloadStep d = new DownloadStep("https://e.org/f", "/f");
    assertThat(StepKind.of(d)).isEqualTo(StepKind.DOWNLOAD);
    Template t = Template.of(Base.image("alpine"), List.of(StepKind.DOWNLOAD.newStep()));
    assertThat(TemplateValidator.validate(t)).isEmpty();
  }
}
