package dev.templatestudio.bridge.dockerfile;

import dev.templatestudio.bridge.template.AptStep;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.DownloadStep;
import dev.templatestudio.bridge.template.EnvStep;
import dev.templatestudio.bridge.template.GitCloneStep;
import dev.templatestudio.bridge.template.NpmStep;
import dev.templatestudio.bridge.template.PipStep;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Step;
import dev.templatestudio.bridge.template.UserStep;
import dev.templatestudio.bridge.template.WorkdirStep;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Required values that are null read as empty text. The studio previews templates while they
 * are being edited, when a field may not be filled in yet: the renderers must still work (the
 * validator, not the renderer, tells the user what is missing). Pure.
 */
final class Blanks {
  private Blanks() {}

  static String text(String s) {
    return s == null ? "" : s;
  }

  static List<String> texts(List<String> values) {
    return values == null ? List.of() : values.stream().map(Blanks::text).toList();
  }

  static Map<String, String> texts(Map<String, String> values) {
    Map<String, String> out = new LinkedHashMap<>();
    if (values != null) {
      values.forEach((k, v) -> out.put(text(k), text(v)));
    }
    return out;
  }

  /** The step with every required null value empty; optional ones stay null. */
  static Step filled(Step step) {
    if (step instanceof RunStep s) {
      return new RunStep(text(s.command()), s.user(), s.mounts(), s.force());
    } else if (step instanceof AptStep s) {
      return new AptStep(texts(s.packages()), s.noInstallRecommends(), s.force());
    } else if (step instanceof PipStep s) {
      return new PipStep(texts(s.packages()), s.force());
    } else if (step instanceof NpmStep s) {
      return new NpmStep(texts(s.packages()), s.global(), s.force());
    } else if (step instanceof CopyStep s) {
      return new CopyStep(texts(s.sources()), text(s.dest()), s.user(), s.mode(), s.from(), s.force());
    } else if (step instanceof DownloadStep s) {
      return new DownloadStep(text(s.url()), text(s.dest()), s.checksum(), s.user(), s.mode(),
          s.force());
    } else if (step instanceof GitCloneStep s) {
      return new GitCloneStep(text(s.url()), text(s.path()), s.branch(), s.depth(), s.force());
    } else if (step instanceof EnvStep s) {
      return new EnvStep(texts(s.vars()), s.force());
    } else if (step instanceof WorkdirStep s) {
      return new WorkdirStep(text(s.path()), s.force());
    } else if (step instanceof UserStep s) {
      return new UserStep(text(s.name()), s.force());
    }
    return step;
  }
}
