package dev.templatestudio.app.studio.document;

import dev.templatestudio.bridge.template.AptStep;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.PipStep;
import dev.templatestudio.bridge.template.Ready;
import dev.templatestudio.bridge.template.Start;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.WorkdirStep;
import java.util.List;
import java.util.Map;

/** The templates a new document can start from. */
public final class Examples {
  /** The base a template started from scratch gets: small, and a valid build at once. */
  public static final String SCRATCH_BASE = "debian:bookworm-slim";

  private Examples() {}

  /**
   * The seed's quick example: a FastAPI agent on Python 3.12, the same as
   * examples/fastapi-agent.template.json (a test keeps them equal).
   */
  public static Template python() {
    return Template.of(Base.image("python:3.12"), List.of(
            new AptStep(List.of("git", "curl")),
            new PipStep(List.of("fastapi", "uvicorn")),
            new CopyStep(List.of("app/"), "/app"),
            new WorkdirStep("/app")))
        .withName("fastapi-agent")
        .withTags(List.of("stable"))
        .withRuntimeEnvs(Map.of("APP_ENV", "demo"))
        .withStart(new Start("uvicorn main:app --host 0.0.0.0 --port 8000", new Ready.Port(8000, 30)));
  }

  /** A template with only a base, to build up by hand. */
  public static Template scratch() {
    return Template.of(Base.image(SCRATCH_BASE), List.of());
  }
}
