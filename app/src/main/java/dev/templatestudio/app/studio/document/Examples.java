package dev.templatestudio.app.studio.document;

import dev.templatestudio.bridge.template.AptStep;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.PipStep;
import dev.templatestudio.bridge.template.Template;
import java.util.List;
import java.util.Map;

/** The templates a new document can start from. */
public final class Examples {
  /** The base a template started from scratch gets: small, and a valid build at once. */
  public static final String SCRATCH_BASE = "debian:bookworm-slim";

  private Examples() {}

  /** The seed's quick example: a FastAPI agent on Python 3.12. */
  public static Template python() {
    return Template.of(Base.image("python:3.12"), List.of(
            new AptStep(List.of("git", "curl")),
            new PipStep(List.of("fastapi", "uvicorn"))))
        .withName("fastapi-agent")
        .withTags(List.of("stable"))
        .withRuntimeEnvs(Map.of("APP_ENV", "demo"));
  }

  /** A template with only a base, to build up by hand. */
  public static Template scratch() {
    return Template.of(Base.image(SCRATCH_BASE), List.of());
  }
}
