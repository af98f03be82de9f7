package dev.templatestudio.app.studio.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.app.studio.DirectTaskRunner;
import dev.templatestudio.app.studio.build.BuildViewModel;
import dev.templatestudio.app.studio.document.TemplateDocument;
import dev.templatestudio.app.studio.logview.LogText;
import dev.templatestudio.app.studio.logview.LogThreads;
import dev.templatestudio.app.studio.workspace.EditorSession;
import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.embedded.BusyboxFixture;
import dev.templatestudio.bridge.embedded.EmbeddedRuntime;
import dev.templatestudio.bridge.embedded.EngineFixture;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.history.BuildLogArchive;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Template;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A document's build history, wired to its builds as the studio wires them (one editor session
 * each), over real builds of the embedded runtime on a busybox store.
 */
class HistoryViewModelTest {
  private static final Template TWO_STEPS = EngineFixture.template("vm-history",
      new RunStep("echo working on step 1"), new RunStep("echo working on step 2"));
  /** How long a real build of these busybox templates may take before a case fails. */
  private static final long BUILD_MILLIS = 60_000;

  @TempDir
  Path dir;
  @TempDir
  Path storeDir;
  private Store store;

  private Store store() throws IOException {
    if (store == null) {
      BusyboxFixture.require();
      store = EngineFixture.storeWithBusybox(storeDir);
    }
    return store;
  }

  @AfterEach
  void nothingLeft() throws Exception {
    if (store != null) {
      EngineFixture.assertNothingLeft(store.root(), null);
    }
  }

  /**
   * An open document of {@code template} whose builds run on an embedded runtime opened for each
   * build, as the studio does, and are kept in {@code archive}.
   */
  private EditorSession session(Template template, BuildLogArchive archive) throws IOException {
    DirectTaskRunner tasks = new DirectTaskRunner();
    Store s = store();
    BuildViewModel builds = new BuildViewModel(() -> new EmbeddedRuntime(s), () -> "embedded", tasks, () -> 1000L, 100,
        LogThreads.on(Runnable::run, Runnable::run));
    HistoryViewModel history = new HistoryViewModel(tasks, builds::amendSummary);
    history.keepIn(archive);
    return new EditorSession(new TemplateDocument(template, null, "t"), builds, history, dir, null, null, tasks);
  }

  private static void buildToTheEnd(EditorSession s) throws InterruptedException {
    s.build();
    long deadline = System.currentTimeMillis() + BUILD_MILLIS;
    while (s.builds().isRunning() && System.currentTimeMillis() < deadline) {
      s.builds().drain();
      Thread.sleep(5);
    }
    assertThat(s.builds().isRunning()).as("the build ended within %d ms", BUILD_MILLIS).isFalse();
  }

  @Test
  void aFinishedBuildIsKeptAndAnotherDocumentOfTheTemplateShowsItsLog() throws Exception {
    BuildLogArchive archive = new BuildLogArchive(dir, 10);
    EditorSession first = session(TWO_STEPS, archive);
    buildToTheEnd(first);
    assertThat(archive.entries("vm-history")).hasSize(1);
    String ref = first.builds().lastRefProperty().get();
    assertThat(ref).matches("vm-history@sha256:[0-9a-f]{64}");

    EditorSession later = session(TWO_STEPS, new BuildLogArchive(dir, 10));
    assertThat(later.history().records()).as("listed as the document opens").hasSize(1);
    BuildRecord old = later.history().records().get(0);
    assertThat(old.status()).isEqualTo(BuildEvent.STATUS_READY);
    assertThat(old.end().ref()).isEqualTo(ref);
    assertThat(old.describe()).contains("Build ready", "0 of 3 cached", "embedded");
    assertThat(old.loaded()).isFalse();

    later.history().show(old);
    assertThat(later.history().shownProperty().get().loaded()).isTrue();
    assertThat(later.builds().showingEarlierProperty().get()).isTrue();
    assertThat(later.builds().shownRef().get()).isEqualTo(ref);
    assertThat(LogText.of(later.builds().log().shownEvents(), null))
        .contains("#1 [1/2] RUN echo working on step 1", "#2 cache miss: first build", "#2 working on step 2",
            "Build ready").containsPattern("#2 DONE \\d+\\.\\ds");
    assertThat(later.builds().log().shownEvents()).isEqualTo(first.history().records().get(0).allEvents());

    later.history().showLive();
    assertThat(later.builds().showingEarlierProperty().get()).isFalse();
    assertThat(later.builds().log().shownEvents()).isEmpty();
  }

  @Test
  void aNewBuildGoesBackToTheLiveLog() throws Exception {
    EditorSession s = session(TWO_STEPS, new BuildLogArchive(dir, 10));
    buildToTheEnd(s);
    s.history().show(s.history().records().get(0));
    assertThat(s.builds().showingEarlierProperty().get()).isTrue();

    buildToTheEnd(s);
    assertThat(s.history().shownProperty().get()).isNull();
    assertThat(s.builds().showingEarlierProperty().get()).isFalse();
    assertThat(s.history().records()).hasSize(2);
  }

  @Test
  void anotherTemplatesBuildsAreNotShown() throws Exception {
    BuildLogArchive archive = new BuildLogArchive(dir, 10);
    buildToTheEnd(session(TWO_STEPS, archive));

    EditorSession other = session(TWO_STEPS.withName("another-template"), archive);
    assertThat(other.history().records()).isEmpty();
  }

  @Test
  void aHistoryThatCannotBeWrittenIsSaidInTheSummaryAndTheBuildStillShows() throws Exception {
    Path notAFolder = Files.writeString(dir.resolve("file"), "x");
    EditorSession s = session(TWO_STEPS, new BuildLogArchive(notAFolder, 10));
    buildToTheEnd(s);
    assertThat(s.history().records()).hasSize(1);
    assertThat(s.builds().summaryProperty().get()).contains("Build ready", "not kept in the history");
  }

  @Test
  void onlyTheNewestLogsStayInMemoryAndOlderOnesAreReadBackWhenShown() throws Exception {
    EditorSession s = session(TWO_STEPS, new BuildLogArchive(dir, 10));
    for (int i = 0; i < HistoryViewModel.LOGS_IN_MEMORY + 2; i++) {
      buildToTheEnd(s);
    }
    assertThat(s.history().records()).hasSize(HistoryViewModel.LOGS_IN_MEMORY + 2);
    assertThat(s.history().records()).extracting(BuildRecord::loaded).containsExactly(true, true, true, false, false);

    BuildRecord oldest = s.history().records().get(HistoryViewModel.LOGS_IN_MEMORY + 1);
    s.history().show(oldest);
    assertThat(LogText.of(s.builds().log().shownEvents(), null)).contains("#2 working on step 2", "Build ready");
  }
}
