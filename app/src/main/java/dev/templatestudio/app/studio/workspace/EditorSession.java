package dev.templatestudio.app.studio.workspace;

import dev.templatestudio.app.studio.build.BuildViewModel;
import dev.templatestudio.app.studio.document.TemplateDocument;
import dev.templatestudio.app.studio.pipeline.PipelineViewModel;
import dev.templatestudio.app.studio.preview.PreviewViewModel;
import dev.templatestudio.app.studio.problems.ProblemsViewModel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything about one open document: the document and the view-models of its pipeline,
 * preview, problems and builds. One tab of the window. FX thread only.
 */
public final class EditorSession {
  private final TemplateDocument document;
  private final PipelineViewModel pipeline;
  private final PreviewViewModel preview;
  private final ProblemsViewModel problems;
  private final BuildViewModel builds;
  private Path contextDir;

  /** @param importSource the Dockerfile text the document was imported from; null if none */
  public EditorSession(TemplateDocument document, BuildViewModel builds, Path contextDir, String importSource) {
    this.document = document;
    this.pipeline = new PipelineViewModel(document);
    this.preview = new PreviewViewModel(document, pipeline.focusedPartProperty(), importSource);
    this.problems = new ProblemsViewModel(document);
    this.builds = builds;
    this.contextDir = contextDir;
    builds.loadHistory(document.template().name());
  }

  public TemplateDocument document() {
    return document;
  }

  public PipelineViewModel pipeline() {
    return pipeline;
  }

  public PreviewViewModel preview() {
    return preview;
  }

  public ProblemsViewModel problems() {
    return problems;
  }

  public BuildViewModel builds() {
    return builds;
  }

  /**
   * The build context: copy sources are relative to it. The folder of the document's file,
   * else of the Dockerfile it was imported from, else the working directory.
   */
  public Path contextDir() {
    if (document.path() != null && document.path().toAbsolutePath().getParent() != null) {
      return document.path().toAbsolutePath().getParent();
    }
    return contextDir;
  }

  /**
   * Builds the template with the current context. Like the command line's {@code --secret
   * NAME}, each secret the template names takes its value from the environment variable of
   * that name, if set.
   */
  public void build() {
    if (problems.canBuild() && !builds.isRunning()) {
      Map<String, String> secrets = new LinkedHashMap<>();
      for (String name : document.template().secrets()) {
        String value = System.getenv(name);
        if (value != null) {
          secrets.put(name, value);
        }
      }
      pipeline.setBuilt(document.template());
      builds.build(document.template(), contextDir(), secrets);
    }
  }
}
