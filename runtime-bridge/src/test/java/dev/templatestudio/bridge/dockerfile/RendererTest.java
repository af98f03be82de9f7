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
import dev.templatestudio.bridge.template.Resources;
import dev.templatestudio.bridge.template.UserStep;
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
  void whatDockerCannotSayTravelsInNotes() {
    Template t = new Template(Template.SCHEMA, "agent", List.of("stable", "v2"),
        Base.template("base-agent:stable"),
        List.of(new UserStep("app"),
            new RunStep("make install", "root", true),
            new EnvStep(Map.of("MOTD", "line one\nline two")),
            new RunStep("apt-get update && apt-get install -y git")),
        Map.of("APP_ENV", "demo"), Map.of("PIP_INDEX", "https://pypi.org/simple"),
        List.of("NPM_TOKEN"),
        new Start(null, new Ready.Url("http://localhost:8000/health", 200, 60)),
        new Resources(2, 2048), true);
    String text = DockerfileRenderer.render(t);
    assertThat(text).isEqualTo("""
        # syntax=docker/dockerfile:1
        # template-studio: name agent
        # template-studio: tags stable v2
        # template-studio: secrets NPM_TOKEN
        # template-studio: resources cpus=2 memoryMb=2048
        # template-studio: force-build
        # template-studio: from-template
        FROM base-agent:stable
        ARG PIP_INDEX=https://pypi.org/simple
        USER app
        # template-studio: force
        # template-studio: run-as root
        USER root
        RUN make install
        USER app
        # template-studio: step {"type":"env","vars":{"MOTD":"line one\\nline two"}}
        ENV MOTD="line one line two"
        RUN <<EOF
        apt-get update && apt-get install -y git
        EOF
        # template-studio: ready {"type":"url","url":"http://localhost:8000/health","status":200,"timeoutSeconds":60}
        # template-studio: runtime-env APP_ENV=demo
        """);
    ImportResult back = DockerfileImporter.importText(text, "Dockerfile");
    assertThat(back.diagnostics()).isEmpty();
    assertThat(back.template()).isEqualTo(t);
  }

  @Test
  void pythonCoversEveryCall() {
    Template t = new Template(Template.SCHEMA, null, List.of(), Base.template("base:1"),
        List.of(new NpmStep(List.of("typescript"), true),
            new CopyStep(List.of("a", "b"), "/app", "app", "0755", true),
            new GitCloneStep("https://g/r.git", "/src", "main", 1, false),
            new RunStep("make", "root", false), new WorkdirStep("/src"),
            new dev.templatestudio.bridge.template.UserStep("app"),
            new EnvStep(Map.of("A", "1"))),
        null, Map.of("B", "2"), List.of("TOKEN"),
        new Start("serve", new Ready.Timeout(5, 30)), new Resources(4, 4096), true);
    assertThat(PythonRenderer.render(t)).isEqualTo("""
        from e2b import Template, default_build_logger, wait_for_timeout

        # secret (value given at build time, never stored): TOKEN
        builder = (
            Template()
            .from_template("base:1")
            # build env (no SDK call; only while building): B="2"
            .npm_install(["typescript"], g=True)
            .skip_cache()
            .copy(["a", "b"], "/app", user="app", mode=0o755)
            .git_clone("https://g/r.git", "/src", branch="main", depth=1)
            .run_cmd("make", user="root")
            .set_workdir("/src")
            .set_user("app")
            .set_envs({"A": "1"})
            # ready timeout (no SDK argument): 30 s
            .set_start_cmd("serve", wait_for_timeout(5000))
        )

        build = Template.build(builder, cpu_count=4, memory_mb=4096, skip_cache=True, \
        on_log_entry=default_build_logger())
        """);
  }

  @Test
  void halfFilledTemplatesStillRender() {
    java.util.Map<String, String> nullValue = new java.util.HashMap<>();
    nullValue.put("A", null);
    java.util.List<String> nullPackage = new java.util.ArrayList<>();
    nullPackage.add(null);
    Template t = new Template(Template.SCHEMA, null, nullPackage, new Base(null, null),
        java.util.Arrays.asList(new RunStep(null), null, new AptStep(nullPackage),
            new PipStep(List.of()), new NpmStep(null, true), new CopyStep(null, null),
            new GitCloneStep(null, null), new EnvStep(nullValue), new WorkdirStep(null),
            new UserStep(null)),
        nullValue, nullValue, nullPackage, new Start(null, new Ready.Command(null)), null, false);
    RenderedDockerfile r = DockerfileRenderer.renderMapped(t);
    assertThat(r.parts()).hasSize(12);
    assertThat(r.text()).contains("FROM scratch");
    assertThat(PythonRenderer.render(t)).contains(".run_cmd(\"\")");
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
