package dev.templatestudio.app.studio.document;

import dev.templatestudio.bridge.template.AptStep;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.DownloadStep;
import dev.templatestudio.bridge.template.EnvStep;
import dev.templatestudio.bridge.template.GitCloneStep;
import dev.templatestudio.bridge.template.NpmStep;
import dev.templatestudio.bridge.template.PipStep;
import dev.templatestudio.bridge.template.Ready;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Start;
import dev.templatestudio.bridge.template.Step;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.TemplateEdits;
import dev.templatestudio.bridge.template.UserStep;
import dev.templatestudio.bridge.template.WorkdirStep;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The kinds of part a template is made of, as the palette offers them, the pipeline adds them
 * and the inspector and menus name them: shared, so none of those features imports another
 * for it. Most are steps; the base, the start command and the
 * ready check are parts of the template that exist once, so "adding" them sets them.
 * Every new step starts with valid example values, so a template stays buildable while the
 * user fills it in.
 */
public enum StepKind {
  BASE("Base image", "base", "The image the template starts from (FROM)", null),
  APT("apt packages", "apt", "Install Debian/Ubuntu packages with apt-get",
      () -> new AptStep(List.of("curl"))),
  PIP("pip packages", "pip", "Install Python packages with pip",
      () -> new PipStep(List.of("requests"))),
  NPM("npm packages", "npm", "Install Node packages with npm",
      () -> new NpmStep(List.of("typescript"), true)),
  COPY("Copy files", "copy", "Copy files from the context folder into the image",
      () -> new CopyStep(List.of("."), "/app")),
  RUN("Run command", "run", "Run a shell command while building", () -> new RunStep("echo hello")),
  GIT_CLONE("Git clone", "git-clone", "Clone a Git repository into the image",
      () -> new GitCloneStep("https://github.com/octocat/Hello-World.git", "/src")),
  DOWNLOAD("Download", "download", "Download a file from a URL into the image (ADD URL)",
      () -> new DownloadStep("https://example.com/file.txt", "/opt/")),
  ENV("Environment", "env", "Set environment variables (build and run time)",
      () -> new EnvStep(Map.of("KEY", "value"))),
  WORKDIR("Work folder", "workdir", "Set the working folder of later steps", () -> new WorkdirStep("/app")),
  USER("User", "user", "Run later steps and the machine as this user", () -> new UserStep("root")),
  START("Start command", "start", "The command a machine runs when it starts", null),
  READY("Ready check", "ready", "How to tell that a started machine is ready", null);

  /** The start command a template gets from the palette. */
  public static final String DEFAULT_START = "python -m http.server 8000";

  private final String label;
  private final String icon;
  private final String description;
  private final Supplier<Step> factory;

  StepKind(String label, String icon, String description, Supplier<Step> factory) {
    this.label = label;
    this.icon = icon;
    this.description = description;
    this.factory = factory;
  }

  public String label() {
    return label;
  }

  /** The icon name (a file in {@code icons/}). */
  public String icon() {
    return icon;
  }

  public String description() {
    return description;
  }

  /** True for kinds that add a step; false for the base, start command and ready check. */
  public boolean isStep() {
    return factory != null;
  }

  /** A new step of this kind with example values. */
  public Step newStep() {
    if (factory == null) {
      throw new IllegalStateException(this + " is not a step");
    }
    return factory.get();
  }

  /**
   * The template with this kind added: a new step inserted at {@code at} (0-based in the
   * steps), or the base / start / ready set to an example when absent (left alone otherwise).
   */
  public Template addTo(Template t, int at) {
    if (isStep()) {
      return TemplateEdits.insert(t, at, newStep());
    }
    Start start = t.start() == null ? new Start(null, null) : t.start();
    switch (this) {
      case BASE:
        return t.base() != null && t.base().reference() != null ? t : t.withBase(Base.image("debian:bookworm-slim"));
      case START:
        return start.command() != null ? t : t.withStart(new Start(DEFAULT_START, start.ready()));
      default:
        return start.ready() != null ? t : t.withStart(new Start(start.command(), new Ready.Port(8000)));
    }
  }

  /** The pipeline card (part) that shows what {@link #addTo} added at {@code at}. */
  public int partAfterAdd(Template result, int at) {
    if (isStep()) {
      return Math.max(0, Math.min(at, result.steps().size() - 1)) + 1;
    }
    return this == BASE ? 0 : result.steps().size() + 1;
  }

  /** The palette kind of a step. */
  public static StepKind of(Step step) {
    for (StepKind k : values()) {
      if (k.isStep() && k.icon.equals(step.type())) {
        return k;
      }
    }
    throw new IllegalArgumentException("no palette kind for " + step.type());
  }
}
