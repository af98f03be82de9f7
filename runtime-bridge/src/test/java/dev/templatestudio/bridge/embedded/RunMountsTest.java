package dev.templatestudio.bridge.embedded;

import static dev.templatestudio.bridge.embedded.EngineFixture.assertReady;
import static dev.templatestudio.bridge.embedded.EngineFixture.build;
import static dev.templatestudio.bridge.embedded.EngineFixture.cacheOutcomes;
import static dev.templatestudio.bridge.embedded.EngineFixture.end;
import static dev.templatestudio.bridge.embedded.EngineFixture.template;
import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.BuildHandle;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.embedded.export.RootfsExporter;
import dev.templatestudio.bridge.embedded.oci.Descriptor;
import dev.templatestudio.bridge.template.Mount;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Step;
import dev.templatestudio.bridge.template.Template;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * RUN mounts on real sandboxes: what each kind of mount shows the step, and that nothing it
 * holds reaches the layer, the exported rootfs, the cache key (but a bind's source) or an event.
 */
class RunMountsTest extends EngineTestBase {

  static RunStep run(String command, Mount... mounts) {
    return new RunStep(command, null, List.of(mounts), false);
  }

  List<String> runIn(String ref, String command) throws Exception {
    List<String> out = new ArrayList<>();
    assertThat(rt.run(ref, List.of("/bin/sh", "-c", command), (s, l) -> out.add(l))).isZero();
    return out;
  }

  /** Every path in the image's layers and in its exported rootfs, for "nothing of the mount is there". */
  List<String> imagePaths(String ref) throws Exception {
    String digest = ref.substring(ref.indexOf('@') + 1);
    List<String> paths = new ArrayList<>();
    for (Descriptor layer : ImageWriter.load(store.blobs(), digest).manifest().layers()) {
      // A layer the engine wrote is kept as its files; the store makes its tar when read.
      Path tar = tmp.resolve("layer-" + System.nanoTime() + ".tar");
      try (var in = store.blobs().open(layer.digest())) {
        Files.copy(in, tar);
      }
      paths.addAll(tarList(tar));
    }
    Path exported = tmp.resolve("export-" + System.nanoTime() + ".tar");
    RootfsExporter.exportTar(store.blobs(), digest, exported);
    paths.addAll(tarList(exported));
    return paths.stream().map(p -> p.replaceFirst("^\\./", "").replaceFirst("/$", "")).collect(Collectors.toList());
  }

  /** The bytes of every file of the exported rootfs, as text (what a secret must never be in). */
  String exportedText(String ref) throws Exception {
    Path exported = tmp.resolve("export-" + System.nanoTime() + ".tar");
    RootfsExporter.exportTar(store.blobs(), ref.substring(ref.indexOf('@') + 1), exported);
    return new String(Files.readAllBytes(exported), StandardCharsets.ISO_8859_1);
  }

  static List<String> tarList(Path tar) throws Exception {
    Process p = new ProcessBuilder("tar", "-tf", tar.toString()).redirectErrorStream(true).start();
    List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("tar -tf %s: %s", tar, lines).isZero();
    return lines;
  }

  /** The step's cache event: "hit" or the miss reason. */
  static String outcome(BuildHandle h, int step) {
    return cacheOutcomes(h).get(step);
  }

  BuildHandle build(Template t) throws Exception {
    return EngineFixture.build(rt, t, ctx);
  }

  BuildHandle build(Template t, boolean noCache, Map<String, String> secrets) throws Exception {
    return EngineFixture.build(rt, new BuildRequest(t, ctx, null, null, noCache, secrets));
  }

  @Test
  void aCacheMountKeepsItsFilesBetweenBuildsOutOfTheLayerAndTheKey() throws Exception {
    Template t = template("cached", run("echo run >> /var/cache/app/log; wc -l < /var/cache/app/log > /count",
        Mount.cache("/var/cache/app")));
    String first = assertReady(build(t));
    assertThat(runIn(first, "cat /count")).containsExactly("1");
    BuildHandle again = build(t, true, null);
    String second = assertReady(again);
    assertThat(runIn(second, "cat /count")).as("the second build saw the first one's file").containsExactly("2");
    assertThat(runIn(second, "ls -A /var/cache/app 2>&1 || echo none")).containsExactly(
        "ls: /var/cache/app: No such file or directory", "none");
    assertThat(imagePaths(second)).as("layers and exported rootfs").noneMatch(p -> p.startsWith("var/cache"))
        .contains("count");
    // What the cache holds is no input: changed behind the build's back, the step still hits.
    try (Stream<Path> data = Files.find(store.root().resolve("cache-mounts"), 3,
        (p, a) -> p.getFileName().toString().equals("log"))) {
      Files.writeString(data.findFirst().orElseThrow(), "changed\nchanged\nchanged\n");
    }
    BuildHandle third = build(t);
    assertReady(third);
    assertThat(outcome(third, 1)).isEqualTo("hit");
  }

  @Test
  void aBindMountOfAContextFileIsReadOnlyOutOfTheLayerAndInTheKey() throws Exception {
    Files.writeString(ctx.resolve("data.txt"), "one\n");
    Template t = template("bound", run("cat /src/data.txt > /seen; (echo x > /src/data.txt) 2>/dev/null"
        + " && echo writable > /w || echo read-only > /w", Mount.bind("/src/data.txt", "data.txt", null)));
    BuildHandle h = build(t);
    String ref = assertReady(h);
    assertThat(runIn(ref, "cat /seen /w; test -e /src || echo no-src")).containsExactly("one", "read-only", "no-src");
    assertThat(imagePaths(ref)).noneMatch(p -> p.startsWith("src")).contains("seen");
    assertThat(Files.readString(ctx.resolve("data.txt"))).isEqualTo("one\n");
    assertThat(outcome(build(t), 1)).isEqualTo("hit");
    Files.writeString(ctx.resolve("data.txt"), "two\n");
    BuildHandle changed = build(t);
    String ref2 = assertReady(changed);
    assertThat(outcome(changed, 1)).isEqualTo("input files changed: data.txt");
    assertThat(runIn(ref2, "cat /seen")).containsExactly("two");
  }

  @Test
  void aWritableBindMountsWritesAreGoneAfterTheStep() throws Exception {
    Files.createDirectories(ctx.resolve("app/lib"));
    Files.writeString(ctx.resolve("app/lib/a.txt"), "a\n");
    Files.writeString(ctx.resolve("app/skip.log"), "log\n");
    Files.writeString(ctx.resolve(".dockerignore"), "*/*.log\n");
    Mount rw = new Mount("bind", "/work", "app", null, null, null, true, null, null, null);
    String ref = assertReady(build(template("rw", run("ls -R /work > /listing; echo new > /work/lib/a.txt;"
        + " touch /work/made; cat /work/lib/a.txt > /after", rw))));
    assertThat(runIn(ref, "cat /after; grep -c skip.log /listing || true; test -e /work || echo no-work"))
        .containsExactly("new", "0", "no-work");
    assertThat(Files.readString(ctx.resolve("app/lib/a.txt"))).isEqualTo("a\n");
    assertThat(ctx.resolve("app/made")).doesNotExist();
  }

  @Test
  void aSecretMountIsReadableAndMaskedAndStoredNowhere() throws Exception {
    String secret = "s3cr3t-" + System.nanoTime();
    String reversed = new StringBuilder(secret).reverse().toString();
    Template t = template("secret", run("echo $(rev /run/secrets/TOKEN) > /rev1; echo \"$MY_TOKEN\" | rev > /rev2;"
        + " echo file $(cat /run/secrets/TOKEN) env $MY_TOKEN; stat -c %a /run/secrets/TOKEN",
        Mount.secret("TOKEN", null, null), Mount.secret("TOKEN", null, "MY_TOKEN"))).withSecrets(List.of("TOKEN"));
    BuildHandle h = build(t, false, Map.of("TOKEN", secret));
    String ref = assertReady(h);
    String events = h.events().after(0).toString();
    assertThat(events).doesNotContain(secret).contains("file *** env ***", "400");
    assertThat(runIn(ref, "cat /rev1 /rev2; ls -A /run")).containsExactly(reversed, reversed);
    assertThat(imagePaths(ref)).noneMatch(p -> p.contains("secrets") || p.contains("TOKEN"));
    assertThat(exportedText(ref)).doesNotContain(secret).contains(reversed);
    try (Stream<Path> files = Files.walk(store.root())) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(Files.readString(f, StandardCharsets.ISO_8859_1)).as("%s", f).doesNotContain(secret);
      }
    }
    try (Stream<Path> shm = Files.list(Path.of("/dev/shm"))) {
      assertThat(shm.map(Path::toString)).noneMatch(p -> p.contains("template-studio-secrets-"));
    }
  }

  @Test
  void aRequiredSecretThatIsNotGivenFailsItsStepInOneSentence() throws Exception {
    Mount required = new Mount("secret", null, null, null, "TOKEN", null, null, null, true, null);
    Template t = template("needs", run("cat /run/secrets/TOKEN", required)).withSecrets(List.of("TOKEN"));
    BuildEvent e = end(build(t));
    assertThat(e.status()).isEqualTo(BuildEvent.STATUS_ERROR);
    assertThat(e.message()).isEqualTo("step 1 (RUN --mount=type=secret,id=TOKEN,required cat /run/secrets/TOKEN) failed:"
        + " mount 1 (secret TOKEN): secret TOKEN is"
        + " required, and the build was given no value for it (give it with --secret TOKEN)");
    // Not required: no file, and the step goes on, as under BuildKit.
    Template optional = template("optional", run("test -e /run/secrets/TOKEN && echo there || echo absent",
        Mount.secret("TOKEN", null, null))).withSecrets(List.of("TOKEN"));
    BuildHandle h = build(optional);
    assertReady(h);
    assertThat(EngineFixture.logText(h)).contains("absent");
  }

  @Test
  void aTmpfsMountIsEmptySizedAndGoneAfter() throws Exception {
    Mount tmpfs = new Mount("tmpfs", "/scratch", null, null, null, null, null, null, null, "1m");
    String ref = assertReady(build(template("tmpfs", run("ls -A /scratch | wc -l > /count; dd if=/dev/zero"
        + " of=/scratch/big bs=1k count=2048 2>/dev/null || echo full > /full; grep ' /scratch ' /proc/mounts"
        + " | cut -d' ' -f3 > /type", tmpfs))));
    assertThat(runIn(ref, "cat /count /full /type; test -e /scratch || echo gone")).containsExactly(
        "0", "full", "tmpfs", "gone");
    assertThat(imagePaths(ref)).noneMatch(p -> p.startsWith("scratch"));
  }

  @Test
  void targetsIntoProcOrDevOrClimbingAreRefusedAndLinksStayInTheImage() throws Exception {
    Path hostMarker = tmp.resolve("host-side");
    for (String target : List.of("/proc/x", "/dev/cache", "/a/../../etc", "/viaproc/x")) {
      BuildEvent e = end(build(template("hostile", new RunStep("ln -s /proc /viaproc"),
          run("true", Mount.cache(target)))));
      assertThat(e.status()).as(target).isEqualTo(BuildEvent.STATUS_ERROR);
      assertThat(e.message()).as(target).startsWith("step 2 (RUN --mount=type=cache,target=" + target + " true) failed: mount 1 (cache "
          + target + "): ")
          .containsAnyOf("where no mount may go", "climbs with \"..\"");
    }
    // A link that points out of the image is followed inside it, never onto the host.
    String ref = assertReady(build(template("link", new RunStep("ln -s ../../../../.." + hostMarker + " /out"),
        run("touch /out/made-here", Mount.tmpfs("/out")))));
    assertThat(hostMarker).doesNotExist();
    assertThat(runIn(ref, "readlink /out")).containsExactly("../../../../.." + hostMarker);
    for (String source : List.of("../outside.txt", "link-out")) {
      Files.writeString(tmp.resolve("outside.txt"), "outside\n");
      if (source.equals("link-out")) {
        Files.createSymbolicLink(ctx.resolve("link-out"), tmp.resolve("outside.txt"));
      }
      BuildEvent e = end(build(template("escape", run("cat /x", Mount.bind("/x", source, null)))));
      assertThat(e.message()).as(source).startsWith("step 1: mount 1 (bind /x): bind source \"" + source + "\"")
          .contains("outside the build context");
    }
  }

  @Test
  void lockedSharingSerialisesTwoBuildsAndPrivateGivesEachItsOwn() throws Exception {
    Mount locked = new Mount("cache", "/c", null, null, "shared-id", "locked", null, null, null, null);
    Step step = run("echo start >> /c/log; sleep 1; echo end >> /c/log; cat /c/log", locked);
    BuildHandle a = rt.build(BuildRequest.of(template("locked-a", step), ctx));
    BuildHandle b = rt.build(BuildRequest.of(template("locked-b", step), ctx));
    assertReady(a);
    assertReady(b);
    Path log;
    try (Stream<Path> data = Files.find(store.root().resolve("cache-mounts"), 3,
        (p, attrs) -> p.getFileName().toString().equals("log"))) {
      log = data.findFirst().orElseThrow();
    }
    assertThat(Files.readAllLines(log)).containsExactly("start", "end", "start", "end");
    assertThat(Stream.of(a, b).map(EngineFixture::logText).filter(text -> text.contains(
        "waiting for cache mount shared-id (sharing=locked), which another build is using")))
        .as("the two builds met: one waited for the other").hasSize(1);

    Mount own = new Mount("cache", "/c", null, null, "private-id", "private", null, null, null, null);
    Step count = run("ls -A /c | wc -l > /seen; touch /c/$$; sleep 1", own);
    BuildHandle c = rt.build(BuildRequest.of(template("private-a", count), ctx));
    BuildHandle d = rt.build(BuildRequest.of(template("private-b", count), ctx));
    assertThat(runIn(assertReady(c), "cat /seen")).containsExactly("0");
    assertThat(runIn(assertReady(d), "cat /seen")).containsExactly("0");
    try (Stream<Path> folders = Files.list(store.root().resolve("cache-mounts"))) {
      assertThat(folders.count()).as("shared-id's folder and private-id's two").isEqualTo(3);
    }
  }
}
