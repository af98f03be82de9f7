package dev.templatestudio.bridge.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.BuildHandle;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.build.Runtime;
import dev.templatestudio.bridge.dockerfile.DockerfileRenderer;
import dev.templatestudio.bridge.embedded.BusyboxFixture;
import dev.templatestudio.bridge.runtimes.Runtimes;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.Mount;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Stage;
import dev.templatestudio.bridge.template.Step;
import dev.templatestudio.bridge.template.Template;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A multi-stage template gives the same files on the embedded runtime, on the docker runtime and
 * as its rendered Dockerfile built by Docker's own (legacy) builder ({@code docker build}, Debian's
 * CLI) on the real engine of {@link DockerEngineFixture}: stages, a stage based on a stage, COPY
 * --from of a folder with a link and of one file, a final stage based on a stage, and SHELL; and
 * a template with every kind of RUN mount leaves the same files on both runtimes.
 */
class StagesParityTest {
  /** What the image holds where the stages put files: paths, types, modes, owners and contents. */
  private static final String LIST = "cd /app && find . | sort | while read f; do "
      + "if [ -L \"$f\" ]; then echo \"$f -> $(readlink \"$f\")\"; "
      + "elif [ -d \"$f\" ]; then echo \"$f/ $(stat -c '%a %u:%g' \"$f\")\"; "
      + "else echo \"$f $(stat -c '%a %u:%g' \"$f\") $(cat \"$f\")\"; fi; done";

  @TempDir Path tmp;

  private static Template staged(Base image) {
    return Template.of(Base.stage("assemble"), List.<Step>of(
            new CopyStep(List.of("/etc/app.conf"), "/app/conf/", null, null, Base.stage("cfg"), false),
            new RunStep("test -f /app/conf/app.conf; set -o | grep -q errexit && echo e > /app/shell.txt")))
        .withName("parity-stages").withShell(List.of("/bin/sh", "-ec"))
        .withStages(List.of(
            new Stage("build", image, List.<Step>of(new RunStep("mkdir -p /out/sub && echo built > /out/app.txt "
                + "&& echo deep > /out/sub/deep.txt && chmod 750 /out/sub && ln -s app.txt /out/link"))),
            new Stage("more", Base.stage("build"), List.<Step>of(new RunStep("echo more >> /out/app.txt"))),
            new Stage("cfg", image, List.<Step>of(new RunStep("echo conf > /etc/app.conf"))),
            new Stage("assemble", image, List.<Step>of(
                new CopyStep(List.of("/out"), "/app", null, null, Base.stage("more"), false)))));
  }

  @Test
  void aMultiStageTemplateGivesTheSameFilesOnBothRuntimesAndAsDockerBuild() throws Exception {
    BusyboxFixture.require();
    Path rootfs = BusyboxFixture.rootfs(tmp.resolve("rootfs"));
    Path ctx = Files.createDirectories(tmp.resolve("ctx"));
    List<String> embedded = list(Runtimes.open("embedded", tmp.resolve("embedded-store")),
        staged(Base.image("rootfs:" + rootfs)), ctx, null, LIST);
    assertThat(embedded).containsExactly(
        "./ 755 0:0", "./app.txt 644 0:0 built", "more", "./conf/ 755 0:0", "./conf/app.conf 644 0:0 conf",
        "./link -> app.txt", "./shell.txt 644 0:0 e", "./sub/ 750 0:0", "./sub/deep.txt 644 0:0 deep");
    Template onDocker = staged(Base.image(DockerEngineFixture.BASE));
    assertThat(list(DockerRuntime.open(DockerEngineFixture.engine(), tmp.resolve("docker-store")), onDocker, ctx,
        null, LIST)).isEqualTo(embedded);
    assertThat(dockerBuild(onDocker)).isEqualTo(embedded);
  }

  /** Every kind of RUN mount, one from a stage, and what the step kept of each. */
  private static Template mounted(Base image, String id) {
    return Template.of(image, List.<Step>of(new RunStep("cat /src/data.txt > /seen; echo c >> /var/cache/x/log; "
        + "wc -l < /var/cache/x/log > /count; echo $(rev /run/secrets/TOKEN) > /rev; ls -A /scratch | wc -l "
        + "> /scratch-count; cat /tools/tool.txt > /tool-seen; (echo x > /src/data.txt) 2>/dev/null || echo "
        + "read-only > /ro", null, List.of(new Mount("cache", "/var/cache/x", null, null, id, null, null, null, null,
        null), Mount.bind("/src/data.txt", "data.txt", null), Mount.secret("TOKEN", null, null),
        Mount.tmpfs("/scratch"), Mount.bind("/tools", "/out", Base.stage("tools"))), false),
        new CopyStep(List.of("/out/tool.txt"), "/copied-tool", null, "0600", Base.stage("tools"), false)))
        .withName("parity-mounts").withSecrets(List.of("TOKEN")).withStages(List.of(new Stage("tools", image,
            List.<Step>of(new RunStep("mkdir -p /out && echo tool > /out/tool.txt")))));
  }

  @Test
  void runMountsLeaveTheSameFilesOnBothRuntimes() throws Exception {
    BusyboxFixture.require();
    Path ctx = Files.createDirectories(tmp.resolve("mounts-ctx"));
    Files.writeString(ctx.resolve("data.txt"), "bound\n");
    String id = "parity-" + System.nanoTime();
    String read = "for f in seen count rev scratch-count ro tool-seen; do echo $f=$(cat /$f); done; "
        + "stat -c '%a' /copied-tool; for d in /*; do case $d in /proc|/sys|/dev) ;; *) grep -rlF tok3n $d;; "
        + "esac; done | wc -l";
    Base rootfs = Base.image("rootfs:" + BusyboxFixture.rootfs(tmp.resolve("mounts-rootfs")));
    List<String> embedded = list(Runtimes.open("embedded", tmp.resolve("mounts-embedded")), mounted(rootfs, id), ctx,
        Map.of("TOKEN", "tok3n"), read);
    assertThat(embedded).containsExactly("seen=bound", "count=1", "rev=n3kot", "scratch-count=0", "ro=read-only",
        "tool-seen=tool", "600", "0");
    try {
      assertThat(list(DockerRuntime.open(DockerEngineFixture.engine(), tmp.resolve("mounts-docker")),
          mounted(Base.image(DockerEngineFixture.BASE), id), ctx, Map.of("TOKEN", "tok3n"), read)).isEqualTo(embedded);
    } finally {
      // The test's cache volume would outlive it in the private engine.
      DockerApi.connect(DockerEngineFixture.engine()).http().json("DELETE", "/volumes/"
          + RunMountsOnDocker.cacheVolume(id) + "?force=1", null);
    }
  }

  /**
   * A secret mounted at a file in a folder the image fills: the step sees the folder's files and
   * the secret, what it writes beside them stays in its image, and the secret does not (on
   * docker the mount point stays as an empty file, as its mount points do).
   */
  @Test
  void aSecretFileMountHidesNothingBesideIt() throws Exception {
    BusyboxFixture.require();
    Path ctx = Files.createDirectories(tmp.resolve("secret-ctx/app"));
    Files.writeString(ctx.resolve("keep.txt"), "kept\n");
    String read = "cat /seen-keep /rev-env /app/written /app/keep.txt; cat /app/.env 2>/dev/null | wc -c; "
        + "grep -rlF tok3n /app /seen-keep /rev-env | wc -l";
    Base rootfs = Base.image("rootfs:" + BusyboxFixture.rootfs(tmp.resolve("secret-rootfs")));
    List<String> embedded = list(Runtimes.open("embedded", tmp.resolve("secret-embedded")), secretAtFile(rootfs),
        ctx.getParent(), Map.of("TOKEN", "tok3n"), read);
    assertThat(embedded).containsExactly("kept", "n3kot", "written", "kept", "0", "0");
    assertThat(list(DockerRuntime.open(DockerEngineFixture.engine(), tmp.resolve("secret-docker")),
        secretAtFile(Base.image(DockerEngineFixture.BASE)), ctx.getParent(), Map.of("TOKEN", "tok3n"), read))
        .isEqualTo(embedded);
  }

  /** A tmpfs mount's size bounds it on both runtimes. */
  @Test
  void aTmpfsSizeBoundsItOnBothRuntimes() throws Exception {
    BusyboxFixture.require();
    Path ctx = Files.createDirectories(tmp.resolve("tmpfs-ctx"));
    String read = "cat /size";
    Base rootfs = Base.image("rootfs:" + BusyboxFixture.rootfs(tmp.resolve("tmpfs-rootfs")));
    List<String> embedded = list(Runtimes.open("embedded", tmp.resolve("tmpfs-embedded")), sizedTmpfs(rootfs), ctx,
        Map.of(), read);
    assertThat(embedded).containsExactly("1024");
    assertThat(list(DockerRuntime.open(DockerEngineFixture.engine(), tmp.resolve("tmpfs-docker")),
        sizedTmpfs(Base.image(DockerEngineFixture.BASE)), ctx, Map.of(), read)).isEqualTo(embedded);
  }

  private static Template sizedTmpfs(Base image) {
    Mount sized = new Mount("tmpfs", "/t", null, null, null, null, null, null, null, "1m");
    return Template.of(image, List.<Step>of(new RunStep("echo " + System.nanoTime() + "; df -k /t | tail -1 | "
        + "awk '{print $2}' > /size", null, List.of(sized), false))).withName("parity-tmpfs");
  }

  private static Template secretAtFile(Base image) {
    // A new step each run: the private engine keeps its images, and a cached one would be a test of nothing.
    return Template.of(image, List.<Step>of(new RunStep("echo " + System.nanoTime()), new CopyStep(List.of("app/"), "/app/"),
        new RunStep("cat /app/keep.txt > /seen-keep; echo $(rev /app/.env) > /rev-env; echo written > /app/written", null,
            List.of(Mount.secret("TOKEN", "/app/.env", null)), false)))
        .withName("parity-secret-file").withSecrets(List.of("TOKEN"));
  }

  /** Builds {@code template} on {@code runtime} (closed after), runs {@code command} in it and gives its lines. */
  private static List<String> list(Runtime runtime, Template template, Path ctx, Map<String, String> secrets,
      String command) throws Exception {
    try (Runtime rt = runtime) {
      BuildHandle h = rt.build(new BuildRequest(template, ctx, null, null, false, secrets));
      BuildEvent end = h.result().get(180, TimeUnit.SECONDS);
      assertThat(end.status()).as("%s: %s", rt.describe(), end.message()).isEqualTo(BuildEvent.STATUS_READY);
      List<String> out = new CopyOnWriteArrayList<>();
      assertThat(rt.run(end.ref(), List.of("/bin/sh", "-c", command), (s, l) -> out.add(l))).isZero();
      return out;
    }
  }

  /** Builds the template's rendered Dockerfile with {@code docker build} (the legacy builder) and lists its files. */
  private List<String> dockerBuild(Template template) throws Exception {
    Path ctx = Files.createDirectories(tmp.resolve("dockerfile-ctx"));
    Files.writeString(ctx.resolve("Dockerfile"), DockerfileRenderer.render(template));
    String tag = "ts-stages-parity:" + System.nanoTime();
    Map<String, String> env = Map.of("DOCKER_HOST", DockerEngineFixture.HOST, "DOCKER_BUILDKIT", "0");
    command(List.of("/usr/bin/docker", "build", "--no-cache", "-q", "-t", tag, ctx.toString()), env);
    try {
      return List.of(command(List.of("/usr/bin/docker", "run", "--rm", "--network", "none", tag, "/bin/sh", "-c",
          LIST), env).strip().split("\n"));
    } finally {
      command(List.of("/usr/bin/docker", "rmi", "-f", tag), env);
    }
  }

  /** Runs {@code command} with {@code env} added; its output, failing the test unless it exits 0. */
  private static String command(List<String> command, Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("%s timed out", command).isTrue();
      assertThat(p.exitValue()).as("%s: %s", command, out).isZero();
      return out;
    } finally {
      p.destroyForcibly();
    }
  }
}
