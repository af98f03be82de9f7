package dev.templatestudio.app.studio.inspector;

import dev.templatestudio.bridge.template.AptStep;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.DownloadStep;
import dev.templatestudio.bridge.template.EnvStep;
import dev.templatestudio.bridge.template.GitCloneStep;
import dev.templatestudio.bridge.template.NpmStep;
import dev.templatestudio.bridge.template.PipStep;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Step;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.UserStep;
import dev.templatestudio.bridge.template.WorkdirStep;
import java.util.function.BiFunction;
import java.util.function.Function;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;

/** The inspector form of each kind of step, with fields fit for each value. FX thread. */
final class StepForms {
  private StepForms() {}

  /** The form for step {@code i} (0-based) of the template. */
  static FormGrid form(FormBinder b, InspectorViewModel vm, int i, Step step, Runnable addCopyFiles,
      Runnable addCopyFolder) {
    FormGrid g = new FormGrid();
    String at = "steps[" + i + "].";
    if (step instanceof AptStep) {
      Function<Template, AptStep> s = get(i, AptStep.class);
      g.row("Packages", b.lines(at + "packages", "packages", t -> s.apply(t).packages(),
          set(i, s, (x, v) -> new AptStep(v, x.noInstallRecommends(), x.force()))));
      g.row("", b.check(at + "noInstallRecommends", "No install recommends", t -> s.apply(t).noInstallRecommends(),
          set(i, s, (x, v) -> new AptStep(x.packages(), v, x.force()))));
    } else if (step instanceof PipStep) {
      Function<Template, PipStep> s = get(i, PipStep.class);
      g.row("Packages", b.lines(at + "packages", "packages", t -> s.apply(t).packages(),
          set(i, s, (x, v) -> new PipStep(v, x.force()))));
    } else if (step instanceof NpmStep) {
      Function<Template, NpmStep> s = get(i, NpmStep.class);
      g.row("Packages", b.lines(at + "packages", "packages", t -> s.apply(t).packages(),
          set(i, s, (x, v) -> new NpmStep(v, x.global(), x.force()))));
      g.row("", b.check(at + "global", "Install globally (-g)", t -> s.apply(t).global(),
          set(i, s, (x, v) -> new NpmStep(x.packages(), v, x.force()))));
    } else if (step instanceof CopyStep) {
      copy(g, b, vm, i, at, addCopyFiles, addCopyFolder);
    } else if (step instanceof RunStep) {
      Function<Template, RunStep> s = get(i, RunStep.class);
      g.row("Command", b.multiline(at + "command", "command", t -> s.apply(t).command(),
          set(i, s, (x, v) -> new RunStep(v, x.user(), x.mounts(), x.force()))));
      g.row("As user", b.text(at + "user", "user", true, t -> s.apply(t).user(),
          set(i, s, (x, v) -> new RunStep(x.command(), v, x.mounts(), x.force()))));
      Label problem = new Label();
      g.row("Mounts", b.mounts(at + "mounts", t -> s.apply(t).mounts(),
          set(i, s, (x, v) -> new RunStep(x.command(), x.user(), v, x.force())), problem));
      g.row("", problem);
      g.hint("Mounts, one a line as in RUN --mount=: type=cache,target=/root/.cache · "
          + "type=bind,target=/src,from=build · type=secret,id=token,env=TOKEN · type=tmpfs,target=/tmp");
    } else if (step instanceof GitCloneStep) {
      Function<Template, GitCloneStep> s = get(i, GitCloneStep.class);
      g.row("Repository URL", b.text(at + "url", "URL", false, t -> s.apply(t).url(),
          set(i, s, (x, v) -> new GitCloneStep(v, x.path(), x.branch(), x.depth(), x.force()))));
      g.row("Into folder", b.text(at + "path", "folder", false, t -> s.apply(t).path(),
          set(i, s, (x, v) -> new GitCloneStep(x.url(), v, x.branch(), x.depth(), x.force()))));
      g.row("Branch", b.text(at + "branch", "branch", true, t -> s.apply(t).branch(),
          set(i, s, (x, v) -> new GitCloneStep(x.url(), x.path(), v, x.depth(), x.force()))));
      g.row("Depth", b.integer(at + "depth", "depth", t -> s.apply(t).depth(),
          set(i, s, (x, v) -> new GitCloneStep(x.url(), x.path(), x.branch(), v, x.force()))));
    } else if (step instanceof EnvStep) {
      Function<Template, EnvStep> s = get(i, EnvStep.class);
      g.row("Variables", b.env(at + "vars", "variables", t -> s.apply(t).vars(),
          set(i, s, (x, v) -> new EnvStep(v, x.force()))));
      g.hint("Set while building and when machines run. For run time only, use the template's runtime envs.");
    } else if (step instanceof WorkdirStep) {
      Function<Template, WorkdirStep> s = get(i, WorkdirStep.class);
      g.row("Folder", b.text(at + "path", "folder", false, t -> s.apply(t).path(),
          set(i, s, (x, v) -> new WorkdirStep(v, x.force()))));
    } else if (step instanceof DownloadStep) {
      Function<Template, DownloadStep> s = get(i, DownloadStep.class);
      g.row("URL", b.text(at + "url", "URL", false, t -> s.apply(t).url(),
          set(i, s, (x, v) -> new DownloadStep(v, x.dest(), x.checksum(), x.user(), x.mode(), x.force()))));
      g.row("Into", b.text(at + "dest", "destination", false, t -> s.apply(t).dest(),
          set(i, s, (x, v) -> new DownloadStep(x.url(), v, x.checksum(), x.user(), x.mode(), x.force()))));
      g.row("Checksum", b.text(at + "checksum", "checksum", true, t -> s.apply(t).checksum(),
          set(i, s, (x, v) -> new DownloadStep(x.url(), x.dest(), v, x.user(), x.mode(), x.force()))));
      g.row("Owner", b.text(at + "user", "owner", true, t -> s.apply(t).user(),
          set(i, s, (x, v) -> new DownloadStep(x.url(), x.dest(), x.checksum(), v, x.mode(), x.force()))));
      g.row("Mode", b.text(at + "mode", "mode", true, t -> s.apply(t).mode(),
          set(i, s, (x, v) -> new DownloadStep(x.url(), x.dest(), x.checksum(), x.user(), v, x.force()))));
      g.hint("Checksum is sha256: and 64 hex digits; the file is checked before it lands.");
    } else if (step instanceof UserStep) {
      Function<Template, UserStep> s = get(i, UserStep.class);
      g.row("User[:group]", b.text(at + "name", "user", false, t -> s.apply(t).name(),
          set(i, s, (x, v) -> new UserStep(v, x.force()))));
    }
    g.row("", b.check(at + "force", "Skip the cache from this step on", t -> t.steps().get(i).force(),
        (t, v) -> t.withStep(i, t.steps().get(i).withForce(v))));
    return g;
  }

  private static void copy(FormGrid g, FormBinder b, InspectorViewModel vm, int i, String at,
      Runnable addCopyFiles, Runnable addCopyFolder) {
    Function<Template, CopyStep> s = get(i, CopyStep.class);
    g.row("From", FromChoice.combo(b, vm, at + "from", vm.stagesAbove(), t -> s.apply(t).from(),
        set(i, s, (x, v) -> new CopyStep(x.sources(), x.dest(), x.user(), x.mode(), v, x.force()))));
    Button pick = new Button("Add files\u2026");
    pick.setId("copy-add-files");
    pick.setTooltip(new Tooltip("Choose files inside the context folder"));
    pick.setOnAction(e -> addCopyFiles.run());
    // The platform's file chooser picks files only: a folder has its own chooser.
    Button folder = new Button("Add folder\u2026");
    folder.setId("copy-add-folder");
    folder.setTooltip(new Tooltip("Choose a folder inside the context folder"));
    folder.setOnAction(e -> addCopyFolder.run());
    g.row("Sources", b.lines(at + "sources", "sources", t -> s.apply(t).sources(),
        set(i, s, (x, v) -> new CopyStep(v, x.dest(), x.user(), x.mode(), x.from(), x.force()))));
    g.row("", new HBox(6, pick, folder));
    g.row("Destination", b.text(at + "dest", "destination", false, t -> s.apply(t).dest(),
        set(i, s, (x, v) -> new CopyStep(x.sources(), v, x.user(), x.mode(), x.from(), x.force()))));
    g.row("Owner", b.text(at + "user", "owner", true, t -> s.apply(t).user(),
        set(i, s, (x, v) -> new CopyStep(x.sources(), x.dest(), v, x.mode(), x.from(), x.force()))));
    g.row("Mode", b.text(at + "mode", "mode", true, t -> s.apply(t).mode(),
        set(i, s, (x, v) -> new CopyStep(x.sources(), x.dest(), x.user(), v, x.from(), x.force()))));
    g.hint("Sources are relative to the context folder (the folder of the template file), or paths in the"
        + " stage or image the files come from.");
  }

  private static <S extends Step> Function<Template, S> get(int i, Class<S> type) {
    return t -> type.cast(t.steps().get(i));
  }

  private static <S extends Step, V> BiFunction<Template, V, Template> set(int i, Function<Template, S> get,
      BiFunction<S, V, Step> change) {
    return (t, v) -> t.withStep(i, change.apply(get.apply(t), v));
  }
}
