package dev.templatestudio.bridge.docker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.BuildHandle;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.build.Runtime;
import dev.templatestudio.bridge.dockerfile.DockerfileImporter;
import dev.templatestudio.bridge.embedded.EmbeddedRuntime;
import dev.templatestudio.bridge.embedded.export.RootfsExporter;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.runtimes.Runtimes;
import dev.templatestudio.bridge.embedded.BusyboxFixture;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.EnvStep;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Step;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.WorkdirStep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same template means the same on the embedded and the docker runtime: variables in env
 * values, workdir, copy destination and build envs, runtime envs inherited from a base template;
 * the files (owners, modes), env, user, workdir and ready result a machine of one template sees;
 * and what RUN mounts and stages leave, against BuildKit.
 */
class RuntimeParityTest {
  @TempDir Path tmp;

  @Test
  void variablesAndInheritedRuntimeEnvsMeanTheSameOnBothRuntimes() throws Exception {
    BusyboxFixture.require();
    Path ctx = Files.createDirectories(tmp.resolve("ctx/site"));
    Files.writeString(ctx.resolve("index.html"), "hi\n");
    Path rootfs = BusyboxFixture.rootfs(tmp.resolve("rootfs"));
    List<String> embedded;
    try (Runtime rt = Runtimes.open("embedded", tmp.resolve("embedded-store"))) {
      embedded = outputs(rt, Base.image("rootfs:" + rootfs), ctx.getParent());
    }
    List<String> docker;
    try (Runtime rt = DockerRuntime.open(DockerEngineFixture.engine(), tmp.resolve("docker-store"))) {
      docker = outputs(rt, Base.image(DockerEngineFixture.BASE), ctx.getParent());
    }
    assertThat(embedded).containsExactly(
        "OUT P=/opt/bin:/usr/sbin:/usr/bin:/sbin:/bin E=$literal D=dflt S=set B=back\\slash M=/srv/app/m "
            + "W=/srv/app/x L=index.html",
        "OUT child [] P=/opt/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "demo /opt/bin:/usr/sbin:/usr/bin:/sbin:/bin $literal []",
        "/srv/app/x");
    assertThat(docker).isEqualTo(embedded);
  }

  /** A user, a copy with owner and mode, a workdir, env and a file ready check, as a command in the machine sees them. */
  private static Template machine(Base base) {
    return Template.of(base, List.<Step>of(
            new RunStep("echo 'app:x:1000:1000::/home/app:/bin/sh' >> /etc/passwd; echo 'app:x:1000:' >> /etc/group; "
                + "mkdir -p /home/app && chown app:app /home/app"),
            new CopyStep(List.of("site/index.html"), "/srv/app/index.html", "app", "0640", false),
            new WorkdirStep("/srv/app/work"),
            new EnvStep(vars("A", "one two", "PATH", "/opt/bin:/usr/sbin:/usr/bin:/sbin:/bin")),
            new dev.templatestudio.bridge.template.UserStep("app"),
            new RunStep("echo built as $(id -u):$(id -g) in $(pwd) > /tmp/built.txt")))
        .withName("parity-machine").withRuntimeEnvs(vars("R", "run env"))
        .withStart(new dev.templatestudio.bridge.template.Start("touch /tmp/ready-flag; exec sleep 600",
            new dev.templatestudio.bridge.template.Ready.File("/tmp/ready-flag", 30)));
  }

  private static final String SEEN = "echo $(id -u):$(id -g) $(pwd) A=$A P=$PATH H=$HOME R=$R; cat /tmp/built.txt; "
      + "find /srv /home/app | sort | while read f; do echo \"$f $(stat -c '%a %u:%g' \"$f\")\"; done; "
      + "cat /srv/app/index.html";

  @Test
  void filesEnvUserWorkdirAndReadyAreTheSameOnBothRuntimes() throws Exception {
    BusyboxFixture.require();
    Path ctx = Files.createDirectories(tmp.resolve("machine-ctx/site"));
    Files.writeString(ctx.resolve("index.html"), "hi\n");
    Path rootfs = BusyboxFixture.rootfs(tmp.resolve("machine-rootfs"));
    List<String> embedded;
    try (Runtime rt = Runtimes.open("embedded", tmp.resolve("machine-embedded"))) {
      embedded = seen(rt, machine(Base.image("rootfs:" + rootfs)), ctx.getParent());
    }
    List<String> docker;
    try (Runtime rt = DockerRuntime.open(DockerEngineFixture.engine(), tmp.resolve("machine-docker"))) {
      docker = seen(rt, machine(Base.image(DockerEngineFixture.BASE)), ctx.getParent());
    }
    assertThat(embedded).containsExactly("ready: file /tmp/ready-flag exists after N.Ns",
        "1000:1000 /srv/app/work A=one two P=/opt/bin:/usr/sbin:/usr/bin:/sbin:/bin H=/home/app R=run env",
        "built as 1000:1000 in /srv/app/work", "/home/app 755 1000:1000", "/srv 755 0:0", "/srv/app 755 0:0",
        "/srv/app/index.html 640 1000:1000", "/srv/app/work 755 0:0", "hi");
    assertThat(docker).isEqualTo(embedded);
  }

  /** The ready event (its time as N.N) of building {@code t}, then what {@link #SEEN} prints in its machine. */
  private static List<String> seen(Runtime rt, Template t, Path ctx) throws Exception {
    BuildHandle h = rt.build(new BuildRequest(t, ctx, null, null, true, null));
    BuildEvent end = h.result().get(180, TimeUnit.SECONDS);
    assertThat(end.status()).as("%s: %s", rt.describe(), end.message()).isEqualTo(BuildEvent.STATUS_READY);
    List<String> out = new ArrayList<>();
    h.events().after(0).stream().filter(e -> BuildEvent.READY.equals(e.kind()))
        .forEach(e -> out.add("ready: " + e.message().replaceAll("\\d+\\.\\d", "N.N")));
    List<String> lines = new CopyOnWriteArrayList<>();
    assertThat(rt.run(end.ref(), List.of("/bin/sh", "-c", SEEN), (s, l) -> lines.add(l))).isZero();
    out.addAll(lines);
    return out;
  }

  /**
   * RUN mounts and build stages mean what BuildKit makes of them: the same multi-stage
   * Dockerfile (a stage, a bind mount and a COPY --from it) built by the embedded
   * runtime and by {@code DOCKER_BUILDKIT=1 docker build} (Debian's CLI, whose BuildKit needs no
   * buildx) against the tests' private dockerd gives the same files: what the step read through
   * each mount, and none of the mounts left in the image.
   */
  @Test
  void runMountsLeaveTheSameFilesAsBuildKit() throws Exception {
    BusyboxFixture.require();
    Path ctx = Files.createDirectories(tmp.resolve("mounts-ctx"));
    Files.writeString(ctx.resolve("data.txt"), "bound\n");
    Files.writeString(ctx.resolve(".dockerignore"), "Dockerfile\n");
    String id = "parity-" + System.nanoTime();
    String dockerfile = String.join("\n",
        "FROM " + DockerEngineFixture.BASE + " AS tools",
        "RUN mkdir -p /out && echo tool > /out/tool.txt",
        "",
        "FROM " + DockerEngineFixture.BASE,
        "RUN --mount=type=cache,id=" + id + ",target=/var/cache/x --mount=type=bind,source=data.txt,target=/src/data.txt \\",
        "    --mount=type=secret,id=TOKEN --mount=type=tmpfs,target=/scratch \\",
        "    --mount=type=bind,from=tools,source=/out,target=/tools \\",
        "    cat /src/data.txt > /seen; echo c >> /var/cache/x/log; wc -l < /var/cache/x/log > /count;"
            + " echo $(rev /run/secrets/TOKEN) > /rev; ls -A /scratch | wc -l > /scratch-count;"
            + " cat /tools/tool.txt > /tool-seen; (echo x > /src/data.txt) 2>/dev/null || echo read-only > /ro",
        "COPY --from=tools /out/tool.txt /copied-tool",
        "");
    Files.writeString(ctx.resolve("Dockerfile"), dockerfile);
    Path secret = Files.writeString(tmp.resolve("token"), "tok3n");

    Path embeddedRoot = Files.createDirectories(tmp.resolve("embedded-root"));
    Base rootfs = Base.image("rootfs:" + BusyboxFixture.rootfs(tmp.resolve("mounts-rootfs")));
    Template imported = DockerfileImporter.importText(dockerfile, "Dockerfile").template();
    Template t = imported.withBase(rootfs).withName("parity-mounts").withSecrets(List.of("TOKEN"))
        .withStages(imported.stages().stream()
            .map(st -> new dev.templatestudio.bridge.template.Stage(st.name(), rootfs, st.steps())).toList());
    Store store = Store.open(tmp.resolve("mounts-store"));
    try (EmbeddedRuntime rt = new EmbeddedRuntime(store)) {
      BuildEvent end = rt.build(new BuildRequest(t, ctx, null, null, true, Map.of("TOKEN", "tok3n")))
          .result().get(180, TimeUnit.SECONDS);
      assertThat(end.status()).as(end.message()).isEqualTo(BuildEvent.STATUS_READY);
      Path tar = tmp.resolve("embedded.tar");
      RootfsExporter.exportTar(store.blobs(), end.ref().substring(end.ref().indexOf('@') + 1), tar);
      command(List.of("tar", "-xf", tar.toString(), "-C", embeddedRoot.toString()), Map.of());
    }

    Path dockerRoot = tmp.resolve("docker-root");
    DockerEngineFixture.engine();
    Map<String, String> env = Map.of("DOCKER_HOST", DockerEngineFixture.HOST, "DOCKER_BUILDKIT", "1");
    try {
      // No network: the private dockerd has no bridge, and the step needs none.
      command(List.of(DEBIAN_DOCKER, "build", "--no-cache", "--network", "none", "--secret", "id=TOKEN,src=" + secret,
          "--output", "type=local,dest=" + dockerRoot, ctx.toString()), env);
    } finally {
      // The test's cache mount would outlive it in the private engine's build cache.
      command(List.of(DEBIAN_DOCKER, "builder", "prune", "--force", "--filter", "type=exec.cachemount"), env);
    }

    for (Path root : List.of(embeddedRoot, dockerRoot)) {
      List<String> read = new ArrayList<>();
      for (String f : List.of("seen", "count", "rev", "scratch-count", "ro", "tool-seen", "copied-tool")) {
        read.add(f + "=" + Files.readString(root.resolve(f)).strip());
      }
      assertThat(read).as("%s", root).containsExactly("seen=bound", "count=1", "rev=n3kot", "scratch-count=0",
          "ro=read-only", "tool-seen=tool", "copied-tool=tool");
    }
    // Nothing a mount held is in either image. The BuildKit of Debian's docker.io (20.10) leaves
    // the mount points it made as empty stubs; later BuildKit removes them, as the embedded runtime does.
    for (String p : List.of("src", "var/cache", "run/secrets", "scratch", "tools")) {
      assertThat(embeddedRoot.resolve(p)).doesNotExist();
      if (!Files.exists(dockerRoot.resolve(p))) {
        continue;
      }
      try (java.util.stream.Stream<Path> left = Files.walk(dockerRoot.resolve(p))) {
        assertThat(left.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum())
            .as("bytes under BuildKit's %s", p).isZero();
      }
    }
  }

  /** Debian's docker CLI (docker.io): its {@code docker build} speaks BuildKit without buildx. */
  private static final String DEBIAN_DOCKER = "/usr/bin/docker";

  /** Runs {@code command} with {@code env} added, failing the test with its output unless it exits 0. */
  private static void command(List<String> command, Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("%s timed out", command).isTrue();
      assertThat(p.exitValue()).as("%s: %s", command, out).isZero();
    } finally {
      p.destroyForcibly();
    }
  }

  /** The build output lines starting with OUT of a parent and a child template, then a run of the child. */
  private static List<String> outputs(Runtime rt, Base base, Path ctx) throws Exception {
    Template parent = Template.of(base, List.<Step>of(
        new EnvStep(vars("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")),
        new WorkdirStep("$APPDIR/x"),
        new EnvStep(vars("P", "/opt/bin:$PATH", "E", "\\$literal", "D", "${NOPE:-dflt}", "S", "${APPDIR:+set}",
            "B", "back\\slash")),
        new CopyStep(List.of("site/"), "$APPDIR/site/"),
        new RunStep("echo \"OUT P=$P E=$E D=$D S=$S B=$B M=$M W=$(pwd) L=$(ls $APPDIR/site)\"")))
        .withName("parity-parent").withBuildEnvs(vars("APPDIR", "/srv/app", "M", "${APPDIR}/m"))
        .withRuntimeEnvs(vars("APP_ENV", "demo"));
    Template child = Template.of(Base.template("parity-parent"),
        List.<Step>of(new RunStep("echo \"OUT child [$APP_ENV] P=$P\""))).withName("parity-child");
    List<String> out = new ArrayList<>();
    for (Template t : List.of(parent, child)) {
      // Without the cache: Docker's outlives the test, and a cached step prints nothing.
      BuildHandle h = rt.build(new BuildRequest(t, ctx, null, null, true, null));
      BuildEvent end = h.result().get(180, TimeUnit.SECONDS);
      assertThat(end.status()).as("%s: %s", t.name(), end.message()).isEqualTo(BuildEvent.STATUS_READY);
      h.events().after(0).stream().filter(e -> BuildEvent.LOG.equals(e.kind()) && e.message().startsWith("OUT "))
          .forEach(e -> out.add(e.message()));
    }
    List<String> lines = new CopyOnWriteArrayList<>();
    rt.run("parity-child", List.of("/bin/sh", "-c", "echo \"$APP_ENV $P $E [$APPDIR]\"; pwd"), (s, l) -> lines.add(l));
    out.addAll(lines);
    return out;
  }

  private static Map<String, String> vars(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }
}
