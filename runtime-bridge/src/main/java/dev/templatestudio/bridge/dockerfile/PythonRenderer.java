package dev.templatestudio.bridge.dockerfile;

import dev.templatestudio.bridge.template.AptStep;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.DownloadStep;
import dev.templatestudio.bridge.template.EnvStep;
import dev.templatestudio.bridge.template.GitCloneStep;
import dev.templatestudio.bridge.template.NpmStep;
import dev.templatestudio.bridge.template.PipStep;
import dev.templatestudio.bridge.template.Ready;
import dev.templatestudio.bridge.template.Resources;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Stage;
import dev.templatestudio.bridge.template.Step;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.UserStep;
import dev.templatestudio.bridge.template.WorkdirStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Renders a template as Python SDK code in the builder style of the seed example: one builder
 * method per line, then {@code Template.build(...)}. What the SDK has no call for (build envs,
 * secrets, ready timeouts) becomes a comment, so nothing disappears silently. Pure; any thread.
 *
 * <p>For {@link Client#TEMPLATE_STUDIO}, the project's own Python client (clients/python), the
 * code imports {@code template_studio}, whose builder has the SDK's calls plus words for build
 * envs, secrets and ready timeouts: those become calls instead of comments.
 */
public final class PythonRenderer {
  /** Which Python library the code is written for. */
  public enum Client {
    /** The product's SDK ({@code from e2b import …}). */
    SDK("e2b"),
    /** This project's stdlib-only client, which builds on {@code template-studio serve}. */
    TEMPLATE_STUDIO("template_studio");

    private final String module;

    Client(String module) {
      this.module = module;
    }

    /** The module the code imports. */
    public String module() {
      return module;
    }
  }

  private static final Pattern PYTHON_IMAGE = Pattern.compile("python:([A-Za-z0-9_][A-Za-z0-9_.-]*)");
  private static final String INDENT = "    ";

  private PythonRenderer() {}

  public static String render(Template template) {
    return render(template, Client.SDK);
  }

  /** The code for {@code client}: the same builder chain, and the client's import line. */
  public static String render(Template template, Client client) {
    return renderMapped(template, client).text();
  }

  /**
   * The code for {@code client} and where each part of the template landed in it, in the
   * order of {@link DockerfileRenderer#renderMapped}'s parts: the base (with the stage, shell
   * and build env comments before the steps), each step, then the runtime envs and the start.
   */
  public static RenderedDockerfile renderMapped(Template template, Client client) {
    boolean own = client == Client.TEMPLATE_STUDIO;
    TreeSet<String> imports = new TreeSet<>(List.of("Template", "default_build_logger"));
    List<String> chain = new ArrayList<>();
    for (Stage stage : template.stages()) {
      if (stage != null) {
        chain.add("# build stage " + PythonLiterals.string(Blanks.text(stage.name()))
            + " (the SDK has no build stages; the copies from it below need it): from "
            + (stage.base() == null ? "no base" : PythonLiterals.string(Blanks.text(stage.base().reference())))
            + ", " + stage.steps().size() + " steps");
      }
    }
    chain.add(base(template.base()));
    if (!template.shell().isEmpty()) {
      chain.add("# shell of the run commands (no SDK argument): " + PythonLiterals.list(template.shell()));
    }
    if (own && !template.buildEnvs().isEmpty()) {
      chain.add(".set_build_envs(" + PythonLiterals.dict(template.buildEnvs()) + ")");
    }
    if (own) {
      template.secrets().forEach(s -> chain.add(".add_secret(" + PythonLiterals.string(s) + ")"));
    }
    for (Map.Entry<String, String> e : own ? Map.<String, String>of().entrySet() : template.buildEnvs().entrySet()) {
      chain.add("# build env (no SDK call; only while building): " + e.getKey() + "="
          + quoted(e.getValue()));
    }
    List<Integer> partStarts = new ArrayList<>(List.of(0));
    for (Step step : template.steps()) {
      partStarts.add(chain.size());
      if (step == null) {
        chain.add("# (an empty step)");
        continue;
      }
      if (step.force()) {
        chain.add(".skip_cache()");
      }
      if (step instanceof RunStep r && !r.mounts().isEmpty()) {
        chain.add("# the next command runs without its mounts (the SDK has none): "
            + String.join(" ", r.mounts().stream().map(m -> m == null ? "(empty)" : Blanks.text(m.type())
            + " " + PythonLiterals.string(Blanks.text(m.target() != null ? m.target() : m.id()))).toList()));
      }
      String unsaid = unsaid(step);
      chain.add(unsaid != null ? unsaid : step(Blanks.filled(step)));
    }
    partStarts.add(chain.size());
    if (!template.runtimeEnvs().isEmpty()) {
      chain.add(".set_runtime_envs(" + PythonLiterals.dict(template.runtimeEnvs()) + ")");
    }
    if (template.start() != null) {
      start(template, imports, chain, own);
    }
    StringBuilder out = new StringBuilder();
    out.append("from ").append(client.module()).append(" import ").append(String.join(", ", imports)).append("\n\n");
    if (!template.lintIgnore().isEmpty()) {
      out.append("# lint rules silenced (template-studio lint only): ")
          .append(String.join(" ", Blanks.texts(template.lintIgnore()))).append('\n');
    }
    for (String secret : own ? List.<String>of() : template.secrets()) {
      out.append("# secret (value given at build time, never stored): ").append(secret).append('\n');
    }
    out.append("builder = (\n").append(INDENT).append("Template()\n");
    // The 1-based line each chain entry starts on; a comment may hold a line break.
    int[] lineOf = new int[chain.size() + 1];
    int line = (int) out.chars().filter(ch -> ch == '\n').count() + 1;
    for (int i = 0; i < chain.size(); i++) {
      lineOf[i] = line;
      out.append(INDENT).append(chain.get(i)).append('\n');
      line += (int) chain.get(i).chars().filter(ch -> ch == '\n').count() + 1;
    }
    lineOf[chain.size()] = line;
    partStarts.add(chain.size());
    List<RenderedDockerfile.LineRange> parts = new ArrayList<>();
    for (int p = 0; p + 1 < partStarts.size(); p++) {
      parts.add(new RenderedDockerfile.LineRange(lineOf[partStarts.get(p)], lineOf[partStarts.get(p + 1)] - 1));
    }
    out.append(")\n\n").append(build(template)).append('\n');
    return new RenderedDockerfile(out.toString(), parts);
  }

  private static String base(Base base) {
    if (base == null || base.reference() == null) {
      return "# no base chosen yet";
    }
    if (base.isTemplate()) {
      return ".from_template(" + PythonLiterals.string(base.template()) + ")";
    }
    if (base.isStage()) {
      return "# starts from build stage " + PythonLiterals.string(base.stage())
          + " (no SDK call: the SDK has no build stages)";
    }
    var m = PYTHON_IMAGE.matcher(base.image());
    if (m.matches()) {
      return ".from_python_image(" + PythonLiterals.string(m.group(1)) + ")";
    }
    return ".from_image(" + PythonLiterals.string(base.image()) + ")";
  }

  /**
   * A comment for a step the SDK has no call or argument for (a copy from a stage or an image,
   * a run with mounts, a download), or null when {@link #step} says it.
   */
  private static String unsaid(Step step) {
    if (step instanceof CopyStep c && c.from() != null) {
      return "# copy from " + (c.from().isStage() ? "build stage " : "image ")
          + PythonLiterals.string(Blanks.text(c.from().reference()))
          + " (no SDK call): " + PythonLiterals.list(Blanks.texts(c.sources())) + " -> "
          + PythonLiterals.string(Blanks.text(c.dest()));
    } else if (step instanceof DownloadStep d) {
      return "# download (no SDK call): " + PythonLiterals.string(Blanks.text(d.url())) + " -> "
          + PythonLiterals.string(Blanks.text(d.dest()))
          + (d.checksum() == null ? "" : ", checksum " + d.checksum());
    }
    return null;
  }

  private static String step(Step step) {
    if (step instanceof RunStep s) {
      return ".run_cmd(" + PythonLiterals.string(s.command())
          + (s.user() == null ? "" : ", user=" + PythonLiterals.string(s.user())) + ")";
    } else if (step instanceof AptStep s) {
      return ".apt_install(" + PythonLiterals.list(s.packages())
          + (s.noInstallRecommends() ? ", no_install_recommends=True" : "") + ")";
    } else if (step instanceof PipStep s) {
      return ".pip_install(" + PythonLiterals.list(s.packages()) + ")";
    } else if (step instanceof NpmStep s) {
      return ".npm_install(" + PythonLiterals.list(s.packages()) + (s.global() ? ", g=True" : "") + ")";
    } else if (step instanceof CopyStep s) {
      String src = s.sources().size() == 1 ? PythonLiterals.string(s.sources().get(0))
          : PythonLiterals.list(s.sources());
      return ".copy(" + src + ", " + PythonLiterals.string(s.dest())
          + (s.user() == null ? "" : ", user=" + PythonLiterals.string(s.user()))
          + (s.mode() == null ? "" : ", mode=" + mode(s.mode())) + ")";
    } else if (step instanceof GitCloneStep s) {
      return ".git_clone(" + PythonLiterals.string(s.url()) + ", " + PythonLiterals.string(s.path())
          + (s.branch() == null ? "" : ", branch=" + PythonLiterals.string(s.branch()))
          + (s.depth() == null ? "" : ", depth=" + s.depth()) + ")";
    } else if (step instanceof EnvStep s) {
      return ".set_envs(" + PythonLiterals.dict(s.vars()) + ")";
    } else if (step instanceof WorkdirStep s) {
      return ".set_workdir(" + PythonLiterals.string(s.path()) + ")";
    } else if (step instanceof UserStep s) {
      return ".set_user(" + PythonLiterals.string(s.name()) + ")";
    }
    throw new IllegalArgumentException("unknown step type " + step.getClass());
  }

  private static void start(Template t, TreeSet<String> imports, List<String> chain, boolean own) {
    Ready ready = t.start().ready();
    String readyArg = ready == null ? null : ready(ready, imports);
    if (ready != null && ready.timeoutSeconds() != null) {
      if (own) {
        readyArg += ", timeout_seconds=" + ready.timeoutSeconds();
      } else {
        chain.add("# ready timeout (no SDK argument): " + ready.timeoutSeconds() + " s");
      }
    }
    if (t.start().command() != null) {
      chain.add(".set_start_cmd(" + PythonLiterals.string(t.start().command())
          + (readyArg == null ? "" : ", " + readyArg) + ")");
    } else if (readyArg != null) {
      chain.add(".set_ready_cmd(" + readyArg + ")");
    }
  }

  private static String ready(Ready ready, TreeSet<String> imports) {
    if (ready instanceof Ready.Port p) {
      imports.add("wait_for_port");
      return "wait_for_port(" + p.port() + ")";
    } else if (ready instanceof Ready.Url u) {
      imports.add("wait_for_url");
      return "wait_for_url(" + PythonLiterals.string(u.url())
          + (u.status() == null ? "" : ", " + u.status()) + ")";
    } else if (ready instanceof Ready.File f) {
      imports.add("wait_for_file");
      return "wait_for_file(" + PythonLiterals.string(f.path()) + ")";
    } else if (ready instanceof Ready.Process p) {
      imports.add("wait_for_process");
      return "wait_for_process(" + PythonLiterals.string(p.name()) + ")";
    } else if (ready instanceof Ready.Timeout w) {
      imports.add("wait_for_timeout");
      return "wait_for_timeout(" + (w.seconds() * 1000L) + ")";
    }
    return PythonLiterals.string(((Ready.Command) ready).command());
  }

  private static String build(Template t) {
    StringBuilder call = new StringBuilder("build = Template.build(builder");
    if (t.name() != null) {
      call.append(", name=").append(PythonLiterals.string(t.name()));
    }
    if (!t.tags().isEmpty()) {
      call.append(", tags=").append(PythonLiterals.list(t.tags()));
    }
    Resources r = t.resources();
    if (r != null && r.cpus() != null) {
      call.append(", cpu_count=").append(r.cpus());
    }
    if (r != null && r.memoryMb() != null) {
      call.append(", memory_mb=").append(r.memoryMb());
    }
    if (t.force()) {
      call.append(", skip_cache=True");
    }
    return call.append(", on_log_entry=default_build_logger())").toString();
  }

  /** An octal mode as a Python octal literal; anything else stays a string. */
  private static String mode(String mode) {
    if (!mode.matches("[0-7]{1,4}")) {
      return PythonLiterals.string(mode);
    }
    return "0o" + mode.replaceFirst("^0+(?=.)", "");
  }

  private static String quoted(String s) {
    return s == null ? "\"\"" : PythonLiterals.string(s);
  }
}
