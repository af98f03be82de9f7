package dev.templatestudio.app.studio.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.app.studio.DirectTaskRunner;
import dev.templatestudio.app.studio.ScriptedRuntime;
import dev.templatestudio.app.studio.build.BuildViewModel;
import dev.templatestudio.app.studio.document.Examples;
import dev.templatestudio.app.studio.document.TemplateDocument;
import dev.templatestudio.app.studio.logview.LogText;
import dev.templatestudio.app.studio.logview.LogThreads;
import dev.templatestudio.app.studio.workspace.EditorSession;
import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.history.BuildLogArchive;
import dev.templatestudio.bridge.template.Template;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A document's build history, wired to its builds as the studio wires them (one editor session each). */
class HistoryViewModelTest {
  private static final Template SHORT_EXAMPLE =
      Examples.python().withSteps(Examples.python().steps().subList(0, 2)).withStart(null);

  @TempDir
  Path dir;

  /** An open document of {@code template} whose builds run on {@code runtime} and are kept in {@code archive}. */
  private EditorSession session(Template template, ScriptedRuntime runtime, BuildLogArchive archive) {
    DirectTaskRunner tasks = new DirectTaskRunner();
    BuildViewModel builds = new BuildViewModel(() -> runtime, () -> "scripted", tasks, () -> 1000L, 100,
        LogThreads.on(Runnable::run, Runnable::run));
    HistoryViewModel history = new HistoryViewModel(tasks, builds::amendSummary);
    history.keepIn(archive);
    return new EditorSession(new TemplateDocument(template, null, "t"), builds, history, dir, null, null, tasks);
  }

  private static void buildToTheEnd(EditorSession s) throws InterruptedException {
    s.build();
    for (int i = 0; i < 500 && s.builds().isRunning(); i++) {
      s.builds().drain();
      Thread.sleep(5);
    }
  }

  @Test
  void aFinishedBuildIsKeptAndAnotherDocumentOfTheTemplateShowsItsLog() throws Exception {
    BuildLogArchive archive = new BuildLogArchive(dir, 10);
    EditorSession first = session(SHORT_EXAMPLE, new ScriptedRuntime(Set.of(0, 1), -1, -1), archive);
    buildToTheEnd(first);
    assertThat(archive.entries("fastapi-agent")).hasSize(1);

    EditorSession later = session(SHORT_EXAMPLE, new ScriptedRuntime(Set.of(), -1, -1), new BuildLogArchive(dir, 10));
    assertThat(later.history().records()).as("listed as the document opens").hasSize(1);
    BuildRecord old = later.history().records().get(0);
    assertThat(old.status()).isEqualTo(BuildEvent.STATUS_READY);
    assertThat(old.end().ref()).isEqualTo("fastapi-agent@sha256:feedbeef");
    assertThat(old.describe()).contains("Build ready", "2 of 3 cached", "scripted");
    assertThat(old.loaded()).isFalse();

    later.history().show(old);
    assertThat(later.history().shownProperty().get().loaded()).isTrue();
    assertThat(later.builds().showingEarlierProperty().get()).isTrue();
    assertThat(later.builds().shownRef().get()).isEqualTo("fastapi-agent@sha256:feedbeef");
    assertThat(LogText.of(later.builds().log().shownEvents(), null))
        .contains("#1 [1/2] apt  CACHED", "#2 cache miss: parent changed", "#2 DONE 1.2s", "Build ready");
    assertThat(later.builds().log().shownEvents()).isEqualTo(first.history().records().get(0).allEvents());

    later.history().showLive();
    assertThat(later.builds().showingEarlierProperty().get()).isFalse();
    assertThat(later.builds().log().shownEvents()).isEmpty();
  }

  @Test
  void aNewBuildGoesBackToTheLiveLog() throws Exception {
    EditorSession s = session(SHORT_EXAMPLE, new ScriptedRuntime(Set.of(0), -1, -1), new BuildLogArchive(dir, 10));
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
    buildToTheEnd(session(SHORT_EXAMPLE, new ScriptedRuntime(Set.of(0), -1, -1), archive));

    EditorSession other = session(SHORT_EXAMPLE.withName("another-template"), new ScriptedRuntime(Set.of(), -1, -1),
        archive);
    assertThat(other.history().records()).isEmpty();
  }

  @Test
  void aHistoryThatCannotBeWrittenIsSaidInTheSummaryAndTheBuildStillShows() throws Exception {
    Path notAFolder = Files.writeString(dir.resolve("file"), "x");
    EditorSession s = session(SHORT_EXAMPLE, new ScriptedRuntime(Set.of(0), -1, -1), new BuildLogArchive(notAFolder, 10));
    buildToTheEnd(s);
    assertThat(s.history().records()).hasSize(1);
    assertThat(s.builds().summaryProperty().get()).contains("Build ready", "not kept in the history");
  }

  @Test
  void onlyTheNewestLogsStayInMemoryAndOlderOnesAreReadBackWhenShown() throws Exception {
    EditorSession s = session(SHORT_EXAMPLE, new ScriptedRuntime(Set.of(0), -1, -1), new BuildLogArchive(dir, 10));
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
