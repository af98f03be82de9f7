package dev.templatestudio.app.studio.inspector;

import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.Ready;
import dev.templatestudio.bridge.template.Resources;
import dev.templatestudio.bridge.template.Start;
import dev.templatestudio.bridge.template.StepTypes;
import dev.templatestudio.bridge.template.Template;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.TextField;

/**
 * The forms of the template's own parts: the base, the start command with its ready check,
 * and the whole template (name, tags, envs, secrets, resources). FX thread.
 */
final class TemplateForms {
  static final List<String> READY_TYPES = List.of("none", "port", "url", "file", "process", "command", "timeout");

  private TemplateForms() {}

  /** What the forms' layout depends on: rebuild them when it changes. */
  static String layoutKey(Template t) {
    return baseKind(t.base()) + "/" + readyType(t);
  }

  private static String baseKind(Base base) {
    return base == null ? "Image" : base.isTemplate() ? "Earlier template" : base.isStage() ? "Build stage" : "Image";
  }

  static FormGrid base(FormGrid g, FormBinder b, InspectorViewModel vm) {
    ChoiceBox<String> kind = new ChoiceBox<>();
    kind.setId("base-kind");
    kind.getItems().setAll("Image", "Earlier template");
    List<String> stages = vm.stagesAbove();
    String now = baseKind(vm.template().base());
    if (!stages.isEmpty() || now.equals("Build stage")) {
      kind.getItems().add("Build stage");
    }
    kind.setValue(now);
    kind.valueProperty().addListener((o, a, v) -> vm.edit("Change base kind", t -> {
      String ref = t.base() == null ? "" : t.base().reference();
      return t.withBase("Image".equals(v) ? Base.image(ref) : "Build stage".equals(v)
          ? Base.stage(stages.contains(ref) || stages.isEmpty() ? ref : stages.get(stages.size() - 1))
          : Base.template(ref));
    }));
    g.row("Start from", kind);
    if (now.equals("Build stage")) {
      ChoiceBox<String> stage = new ChoiceBox<>();
      stage.setId("base-stage");
      stage.getItems().setAll(stages);
      b.custom(() -> stage, "base", () -> stage.setValue(vm.template().base().stage()));
      stage.valueProperty().addListener((o, a, v) -> {
        if (v != null) {
          vm.edit("Change base stage", t -> t.withBase(Base.stage(v)));
        }
      });
      g.row("Stage", stage);
      g.hint("This stage starts from what that stage built.");
      return g;
    }
    boolean isTemplate = now.equals("Earlier template");
    g.row(isTemplate ? "Template" : "Image", b.text("base", "base", false,
        t -> t.base() == null ? null : t.base().reference(),
        (t, v) -> t.withBase(isTemplate ? Base.template(v) : Base.image(v))));
    g.hint(isTemplate ? "name:tag of a template built before."
        : "A registry image such as python:3.12, or oci-layout:DIR, docker-archive:FILE, rootfs:DIR.");
    return g;
  }

  static FormGrid start(FormGrid g, FormBinder b, InspectorViewModel vm) {
    g.row("Start command", b.multiline("start.command", "start command",
        t -> t.start() == null ? null : t.start().command(),
        (t, v) -> withStart(t, v == null || v.isBlank() ? null : v, t.start() == null ? null : t.start().ready())));
    ChoiceBox<String> type = new ChoiceBox<>();
    type.setId("ready-type");
    type.getItems().setAll(READY_TYPES);
    type.setValue(readyType(vm.template()));
    type.valueProperty().addListener((o, a, v) -> vm.edit("Change ready check",
        t -> withStart(t, t.start() == null ? null : t.start().command(), newReady(v))));
    g.row("Ready when", type);
    Ready ready = vm.template().start() == null ? null : vm.template().start().ready();
    if (ready instanceof Ready.Port) {
      g.row("Port", b.integer("start.ready.port", "port", t -> ((Ready.Port) ready(t)).port(),
          ready((r, v) -> new Ready.Port(v == null ? 0 : v, r.timeoutSeconds()))));
    } else if (ready instanceof Ready.Url) {
      g.row("URL", b.text("start.ready.url", "URL", false, t -> ((Ready.Url) ready(t)).url(),
          ready((r, v) -> new Ready.Url(v, ((Ready.Url) r).status(), r.timeoutSeconds()))));
      g.row("Status", b.integer("start.ready.status", "status", t -> ((Ready.Url) ready(t)).status(),
          ready((r, v) -> new Ready.Url(((Ready.Url) r).url(), v, r.timeoutSeconds()))));
    } else if (ready instanceof Ready.File) {
      g.row("File", b.text("start.ready.path", "file", false, t -> ((Ready.File) ready(t)).path(),
          ready((r, v) -> new Ready.File(v, r.timeoutSeconds()))));
    } else if (ready instanceof Ready.Process) {
      g.row("Process", b.text("start.ready.name", "process", false, t -> ((Ready.Process) ready(t)).name(),
          ready((r, v) -> new Ready.Process(v, r.timeoutSeconds()))));
    } else if (ready instanceof Ready.Command) {
      g.row("Command", b.text("start.ready.command", "ready command", false, t -> ((Ready.Command) ready(t)).command(),
          ready((r, v) -> new Ready.Command(v, r.timeoutSeconds()))));
    } else if (ready instanceof Ready.Timeout) {
      g.row("Seconds", b.integer("start.ready.seconds", "seconds", t -> ((Ready.Timeout) ready(t)).seconds(),
          ready((r, v) -> new Ready.Timeout(v == null ? 0 : v, r.timeoutSeconds()))));
    }
    if (ready != null) {
      g.row("Timeout (s)", b.integer("start.ready.timeoutSeconds", "timeout", t -> ready(t).timeoutSeconds(),
          ready(TemplateForms::withTimeout)));
    }
    return g;
  }

  static FormGrid template(FormBinder b, InspectorViewModel vm) {
    FormGrid g = new FormGrid();
    TextField name = b.text("name", "name", true, Template::name, Template::withName);
    name.promptTextProperty().bind(vm.namePromptProperty());
    g.row("Name", name);
    g.row("Tags", b.words("tags", "tags", Template::tags, Template::withTags));
    g.section("Base");
    base(g, b, vm);
    g.section("Environment");
    g.row("Runtime envs", b.env("runtimeEnvs", "runtime envs", Template::runtimeEnvs, Template::withRuntimeEnvs));
    g.row("Build envs", b.env("buildEnvs", "build envs", Template::buildEnvs, Template::withBuildEnvs));
    g.row("Secret names", b.lines("secrets", "secret names", Template::secrets, Template::withSecrets));
    g.hint("Secrets are names only; their values are asked for at build time and never stored.");
    g.section("Resources");
    g.row("CPUs", b.integer("resources.cpus", "CPUs", t -> t.resources() == null ? null : t.resources().cpus(),
        (t, v) -> withResources(t, v, t.resources() == null ? null : t.resources().memoryMb())));
    g.row("Memory (MB)", b.integer("resources.memoryMb", "memory",
        t -> t.resources() == null ? null : t.resources().memoryMb(),
        (t, v) -> withResources(t, t.resources() == null ? null : t.resources().cpus(), v)));
    g.row("", b.check("force", "Skip the cache for the whole build", Template::force, Template::withForce));
    g.section("Start");
    start(g, b, vm);
    return g;
  }

  static String readyType(Template t) {
    Ready r = t.start() == null ? null : t.start().ready();
    return r == null ? "none" : StepTypes.nameOf(r.getClass());
  }

  private static Ready ready(Template t) {
    return t.start().ready();
  }

  private static <V> BiFunction<Template, V, Template> ready(BiFunction<Ready, V, Ready> change) {
    return (t, v) -> withStart(t, t.start().command(), change.apply(t.start().ready(), v));
  }

  private static Ready withTimeout(Ready r, Integer timeout) {
    Function<Integer, Ready> f;
    if (r instanceof Ready.Port p) {
      f = x -> new Ready.Port(p.port(), x);
    } else if (r instanceof Ready.Url u) {
      f = x -> new Ready.Url(u.url(), u.status(), x);
    } else if (r instanceof Ready.File fi) {
      f = x -> new Ready.File(fi.path(), x);
    } else if (r instanceof Ready.Process p) {
      f = x -> new Ready.Process(p.name(), x);
    } else if (r instanceof Ready.Command c) {
      f = x -> new Ready.Command(c.command(), x);
    } else {
      f = x -> new Ready.Timeout(((Ready.Timeout) r).seconds(), x);
    }
    return f.apply(timeout);
  }

  static Ready newReady(String type) {
    switch (type) {
      case "port":
        return new Ready.Port(8000);
      case "url":
        return new Ready.Url("http://localhost:8000/");
      case "file":
        return new Ready.File("/tmp/ready");
      case "process":
        return new Ready.Process("python");
      case "command":
        return new Ready.Command("true");
      case "timeout":
        return new Ready.Timeout(5);
      default:
        return null;
    }
  }

  private static Template withStart(Template t, String command, Ready ready) {
    return t.withStart(command == null && ready == null ? null : new Start(command, ready));
  }

  private static Template withResources(Template t, Integer cpus, Integer memory) {
    return t.withResources(cpus == null && memory == null ? null : new Resources(cpus, memory));
  }
}
