package dev.templatestudio.bridge.embedded;

import static dev.templatestudio.bridge.embedded.EngineFixture.assertReady;
import static dev.templatestudio.bridge.embedded.EngineFixture.build;
import static dev.templatestudio.bridge.embedded.EngineFixture.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.templatestudio.bridge.changes.FileChange;
import dev.templatestudio.bridge.changes.FileChange.Kind;
import dev.templatestudio.bridge.changes.FileChange.Type;
import dev.templatestudio.bridge.changes.FileChanges;
import dev.templatestudio.bridge.changes.StepChanges;
import dev.templatestudio.bridge.changes.StepComparison;
import dev.templatestudio.bridge.template.EnvStep;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Template;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a built step did to the file system, read from real busybox builds' layers. */
class StepFileChangesTest extends EngineTestBase {
  private static final RunStep MAKE_DATA = new RunStep("mkdir -p /data/sub /cache && head -c 500 /dev/zero > "
      + "/data/sub/a.bin && head -c 700 /dev/zero > /data/b.bin && echo x > /cache/old");
  private static final RunStep CHANGE_ALL = new RunStep("head -c 3000 /dev/zero > /big.bin && echo hi > /small.txt"
      + " && echo more >> /etc/hosts && rm /etc/hostname && rm -rf /data && rm -rf /cache && mkdir /cache"
      + " && echo new > /cache/new");

  @Test
  void aStepThatAddsChangesAndRemovesFilesGivesExactlyThoseWithTheirSizes() throws Exception {
    String ref = assertReady(build(rt, template("fs", MAKE_DATA, CHANGE_ALL), ctx));
    FileChanges changes = rt.fileChanges();

    StepChanges step = changes.step(ref, 2, 2);

    assertThat(step.changes()).containsExactly(
        new FileChange("/big.bin", Kind.ADDED, Type.FILE, 3000, 0),
        new FileChange("/cache/new", Kind.ADDED, Type.FILE, 4, 0),
        new FileChange("/cache/old", Kind.REMOVED, Type.FILE, 2, 0),   // rm -rf, mkdir: an opaque folder
        new FileChange("/data", Kind.REMOVED, Type.DIR, 1200, 0),       // rm -rf: the folder's files
        new FileChange("/etc/hostname", Kind.REMOVED, Type.FILE, 8, 0),
        new FileChange("/etc/hosts", Kind.CHANGED, Type.FILE, 39, 34),  // a file of the base
        new FileChange("/small.txt", Kind.ADDED, Type.FILE, 3, 0));
    assertThat(step.message()).isEqualTo("RUN " + CHANGE_ALL.command());
    assertThat(List.of(step.added(), step.changed(), step.removed(), step.omitted(), step.unsafe()))
        .containsExactly(3, 1, 3, 0, 0);
    assertThat(step.bytesAdded()).isEqualTo(3000 + 4 + 3 + 5);
    assertThat(step.bytesRemoved()).isEqualTo(2 + 1200 + 8);
    assertThat(step.hasLayer()).isTrue();
    assertThat(step.layerSize()).isEqualTo(store.blobs().size(digestOfLastLayer(ref)));
    assertThat(step.biggestFirst()).extracting(FileChange::path).containsExactly(
        "/big.bin", "/data", "/etc/hosts", "/etc/hostname", "/cache/new", "/small.txt", "/cache/old");

    StepChanges first = changes.step(ref, 2, 1);
    assertThat(first.changes()).extracting(FileChange::path, FileChange::kind, FileChange::size).containsExactly(
        org.assertj.core.groups.Tuple.tuple("/cache", Kind.ADDED, 0L),
        org.assertj.core.groups.Tuple.tuple("/cache/old", Kind.ADDED, 2L),
        org.assertj.core.groups.Tuple.tuple("/data", Kind.ADDED, 0L),
        org.assertj.core.groups.Tuple.tuple("/data/b.bin", Kind.ADDED, 700L),
        org.assertj.core.groups.Tuple.tuple("/data/sub", Kind.ADDED, 0L),
        org.assertj.core.groups.Tuple.tuple("/data/sub/a.bin", Kind.ADDED, 500L));
  }

  @Test
  void aStepWithoutALayerHasNoChangesAndAPrunedLowerIsUnpackedAgain() throws Exception {
    String ref = assertReady(build(rt, template("env-fs", new EnvStep(Map.of("A", "1")), MAKE_DATA, CHANGE_ALL), ctx));
    FileChanges changes = rt.fileChanges();
    StepChanges env = changes.step(ref, 3, 1);
    assertThat(env.hasLayer()).isFalse();
    assertThat(env.changes()).isEmpty();

    EngineFixture.layersAsTarFilesOnly(store);
    assertThat(changes.step(ref, 3, 3).changes()).hasSize(7);
  }

  @Test
  void twoBuildsCompareStepByStepAndAChangedStepByItsFiles() throws Exception {
    String a = assertReady(build(rt, template("cmp", MAKE_DATA, new RunStep("echo v1 > /v")), ctx));
    String b = assertReady(build(rt, template("cmp", MAKE_DATA,
        new RunStep("echo version-two > /v && head -c 2000 /dev/zero > /n")), ctx));
    FileChanges changes = rt.fileChanges();

    List<StepComparison> rows = changes.compare(a, 2, b, 2);

    assertThat(rows).extracting(StepComparison::step, StepComparison::status).containsExactly(
        org.assertj.core.groups.Tuple.tuple(0, StepComparison.Status.SAME),
        org.assertj.core.groups.Tuple.tuple(1, StepComparison.Status.SAME),
        org.assertj.core.groups.Tuple.tuple(2, StepComparison.Status.CHANGED));
    assertThat(rows.get(1).delta()).isZero();
    assertThat(rows.get(2).delta()).isEqualTo(2048 + 512);  // one more header and 2000 bytes in 512-byte blocks
    assertThat(rows.get(2).messageB()).startsWith("RUN echo version-two");

    StepChanges diff = changes.between(a, 2, b, 2, 2);
    assertThat(diff.changes()).containsExactly(
        new FileChange("/n", Kind.ADDED, Type.FILE, 2000, 0),
        new FileChange("/v", Kind.CHANGED, Type.FILE, 12, 3));
    assertThat(changes.between(a, 2, b, 2, 1).changes()).isEmpty();

    String c = assertReady(build(rt, template("cmp", MAKE_DATA), ctx));
    assertThat(changes.compare(b, 2, c, 1)).extracting(StepComparison::status).containsExactly(
        StepComparison.Status.SAME, StepComparison.Status.SAME, StepComparison.Status.ONLY_IN_A);
    assertThat(changes.between(b, 2, c, 1, 2).changes()).extracting(FileChange::path, FileChange::kind)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("/n", Kind.REMOVED),
            org.assertj.core.groups.Tuple.tuple("/v", Kind.REMOVED));
  }

  @Test
  void aBuildTheStoreDoesNotHoldIsSaidInOneSentence() throws Exception {
    FileChanges changes = rt.fileChanges();
    String ref = "gone@sha256:" + "0".repeat(64);
    assertThatThrownBy(() -> changes.step(ref, 1, 1)).isInstanceOf(IOException.class)
        .hasMessage("The build " + ref + " is no longer in the store (pruned, or built by another runtime): "
            + "file changes are shown for the embedded runtime's builds it still holds.");
  }

  private String digestOfLastLayer(String ref) throws IOException {
    String manifest = new String(store.blobs().read(ref.substring(ref.indexOf('@') + 1)));
    int at = manifest.lastIndexOf("sha256:");
    return manifest.substring(at, at + 71);
  }
}
