package dev.templatestudio.bridge.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.template.AptStep;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.EnvStep;
import dev.templatestudio.bridge.template.GitCloneStep;
import dev.templatestudio.bridge.template.NpmStep;
import dev.templatestudio.bridge.template.PipStep;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.UserStep;
import dev.templatestudio.bridge.template.WorkdirStep;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepDescriberTest {
  @Test
  void eachStepReadsAsItsDockerfileLine() {
    Template t = Template.of(Base.image("python:3.12"), List.of(
        new AptStep(List.of("git", "curl")), new PipStep(List.of("fastapi")),
        new NpmStep(List.of("typescript"), true), new CopyStep(List.of("app/"), "/app", "app:app", "0755", false),
        new GitCloneStep("https://example.org/r.git", "/src", "main", 1, false),
        new EnvStep(Map.of("A", "1 2")), new WorkdirStep("/app"), new UserStep("app"),
        new RunStep("echo hi &&\n echo there")));
    assertThat(StepDescriber.describe(t)).containsExactly(
        "FROM python:3.12",
        "RUN apt-get update && apt-get install -y git curl",
        "RUN pip install fastapi",
        "RUN npm install -g typescript",
        "COPY --chown=app:app --chmod=0755 app/ /app",
        "RUN git clone --branch main --depth 1 https://example.org/r.git /src",
        "ENV A=\"1 2\"",
        "WORKDIR /app",
        "USER app",
        "RUN echo hi && echo there");
  }

  @Test
  void theShellCommandsQuoteWhatNeedsIt() {
    assertThat(StepCommands.of(new PipStep(List.of("fastapi[all]", "uvicorn>=0.30"))))
        .isEqualTo("pip install 'fastapi[all]' 'uvicorn>=0.30'");
    assertThat(StepCommands.of(new EnvStep(Map.of("A", "b")))).isNull();
    assertThat(StepCommands.quote("it's")).isEqualTo("'it'\"'\"'s'");
  }
}
