package dev.templatestudio.bridge.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.dockerfile.RenderedDockerfile.LineRange;
import dev.templatestudio.bridge.template.AptStep;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.EnvStep;
import dev.templatestudio.bridge.template.GitCloneStep;
import dev.templatestudio.bridge.template.NpmStep;
import dev.templatestudio.bridge.template.PipStep;
import dev.templatestudio.bridge.template.Ready;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Start;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.WorkdirStep;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RendererTest {

  static Template seed() {
    return Template.of(Base.image("python:3.12"), List.of(
            new AptStep(List.of("git", "curl")),
            new PipStep(List.of("fastapi", "uvicorn"))))
        .withName("fastapi-agent")
        .withTags(List.of("stable"))
        .withRuntimeEnvs(Map.of("APP_ENV", "demo"));
  }

  @Test
  void seedRendersAsItsBuilder() {
    assertThat(PythonRenderer.render(seed())).isEqualTo("""
        from e2b import Template, default_build_logger

        builder = (
            Template()
            .from_python_image("3.12")
            .apt_install(["git", "curl"])
            .pip_install(["fastapi", "uvicorn"])
            .set_runtime_envs({"APP_ENV": "demo"})
        )

        build = Template.build(builder, name="fastapi-agent", tags=["stable"], \
        on_log_entry=default_build_logger())
        """);
  }

  @Test
  void seedRendersAsDockerfileWithPartsMapped() {
    RenderedDockerfile r = DockerfileRenderer.renderMapped(seed());
    assertThat(r.text()).isEqualTo("""
        # template-studio: name fastapi-agent
        # template-studio: tags stable
        FROM python:3.12
        RUN apt-get update && apt-get install -y git curl
        RUN pip install fastapi uvicorn
        # template-studio: runtime-env APP_ENV=demo
        """);
    assertThat(r.parts()).containsExactly(new LineRange(1, 3), new LineRange(4, 4),
        new LineRange(5, 5), new LineRange(6, 6));
  }

  @Test
  void everyStepKindRendersAsItsInstruction() {
    Template t = Template.of(Base.image("node:20"), List.of(
        new NpmStep(List.of("typescript"), true),
        new CopyStep(List.of("app/"), "/app", "app:app", "0755", false),
        new CopyStep(List.of("my file.txt"), "/app/"),
        new EnvStep(Map.of("GREETING", "hello world")),
        new WorkdirStep("/app"),
        new RunStep("echo one\necho two"),
        new GitCloneStep("https://github.com/o/r.git", "/src", "main", 1, false)))
        .withStart(new Start("node server.js", new Ready.Port(3000)));
    assertThat(DockerfileRenderer.render(t)).isEqualTo("""
        # syntax=docker/dockerfile:1
        FROM node:20
        RUN npm install -g typescript
        COPY --chown=app:app --chmod=0755 app/ /app
        COPY ["my file.txt", "/app/"]
        ENV GREETING="hello world"
        WORKDIR /app
        RUN <<EOF
        echo one
        echo two
        EOF
        # template-studio: git-clone
        RUN git clone --branch main --depth 1 https://github.com/o/r.git /src
        CMD node server.js
        EXPOSE 3000
        """);
  }

  @Test
  void pythonStringsAreEscaped() {
    Template t = Template.of(Base.image("ubuntu:24.04"),
        List.of(new RunStep("echo \"$HOME\" \\\n'ü'\t")));
    assertThat(PythonRenderer.render(t))
        .contains(".from_image(\"ubuntu:24.04\")")
        .contains(".run_cmd(\"echo \\\"$HOME\\\" \\\\\\n'ü'\\t\")");
  }
}
