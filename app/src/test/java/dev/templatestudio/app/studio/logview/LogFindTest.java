package dev.templatestudio.app.studio.logview;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.app.studio.LogScript;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Find in the build log without the toolkit: counts, next/previous, folded steps, a streaming log. */
class LogFindTest {
  /** Runs the search's tasks only when asked: what the FX thread does alone shows. */
  private static final class ByHand implements Executor {
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

    @Override
    public void execute(Runnable task) {
      tasks.add(task);
    }

    void runAll() {
      while (!tasks.isEmpty()) {
        tasks.poll().run();
      }
    }
  }

  /** The log view as lines numbered as the log numbers them, fed the way BuildView feeds LogView. */
  private static final class View {
    private final List<String> lines = new ArrayList<>();
    private long first;

    void frame(LogFeed feed) {
      LogFrame f = feed.take(1000, false);
      LogChunk c = f.lines();
      if (f.replace() || lines.isEmpty()) {
        lines.clear();
        first = c.firstLine();
      }
      lines.addAll(texts(c));
      LogChunk older = f.older();
      if (older != null) {
        lines.addAll(0, texts(older));
        first = older.firstLine();
      }
      for (LogChunk h : f.headers()) {
        lines.set((int) (h.firstLine() - first), texts(h).get(0));
      }
    }

    String line(long n) {
      return n < first || n >= first + lines.size() ? null : lines.get((int) (n - first));
    }

    String text() {
      return String.join("\n", lines);
    }

    private static List<String> texts(LogChunk c) {
      return IntStream.range(0, c.lines()).mapToObj(i -> c.document().getParagraph(i).getText()).toList();
    }
  }

  private final View view = new View();
  private LogFeed feed;
  private LogFind find;

  private void open(LogScript build, int cap, Executor searchThread) {
    feed = new LogFeed(LogThreads.on(Runnable::run, searchThread), () -> 0L, System::nanoTime, cap);
    feed.follow(build.log());
    find = new LogFind(feed, new LogSearch(searchThread));
    frames(2);
    find.openProperty().set(true);
  }

  /** Frames as BuildView runs them: the log's lines, then find; a match to select is selected. */
  private void frames(int n) {
    for (int i = 0; i < n; i++) {
      view.frame(feed);
      if (find.openProperty().get()) {
        find.frame();
        LogFind.Reveal r = find.reveal();
        if (r != null && view.line(r.line()) != null) {
          selected = view.line(r.line());
          find.revealed();
        }
      }
    }
  }

  private String selected;

  private static LogScript needles() {
    return new LogScript(3)
        .step(1, "apt", "one needle", "nothing")
        .step(2, "pip", "two NEEDLE and needle", "nothing", "three needle")
        .step(3, "make", "four needle");
  }

  @Test
  void countsMatchesIgnoringCaseAndSaysWhenThereAreNone() {
    open(needles(), 100, Runnable::run);
    find.queryProperty().set("needle");
    frames(1);
    assertThat(find.statusProperty().get()).isEqualTo("5 matches");
    assertThat(find.noMatchesProperty().get()).isFalse();
    find.queryProperty().set("haystack");
    frames(1);
    assertThat(find.statusProperty().get()).isEqualTo("No matches");
    assertThat(find.noMatchesProperty().get()).isTrue();
  }

  @Test
  void linesFoldedUnderTheirStepAreSearchedAndNextUnfoldsTheStepToSelectOne() {
    open(needles(), 100, Runnable::run);
    feed.toggleFold(2);
    frames(2);
    assertThat(view.text()).contains("#2 [2/3] pip  (4 lines hidden)").doesNotContain("two");
    find.queryProperty().set("needle");
    frames(1);
    assertThat(find.statusProperty().get()).as("folded lines count").isEqualTo("5 matches");

    find.step(true);
    frames(1);
    assertThat(find.statusProperty().get()).isEqualTo("1 of 5");
    assertThat(selected).isEqualTo("#1 one needle");

    find.step(true);
    frames(1);
    assertThat(feed.lensProperty().get().folds(2)).as("the step that hides the next match unfolds").isFalse();
    frames(3);
    assertThat(find.statusProperty().get()).isEqualTo("2 of 5");
    assertThat(selected).isEqualTo("#2 two NEEDLE and needle");
    assertThat(find.reveal()).isNull();

    find.step(true);
    frames(2);
    assertThat(find.statusProperty().get()).isEqualTo("3 of 5");
    assertThat(selected).isEqualTo("#2 two NEEDLE and needle");
  }

  @Test
  void previousWrapsAroundAndAPlaceInTheViewIsWhereNextStarts() {
    open(needles(), 100, Runnable::run);
    find.queryProperty().set("needle");
    frames(1);
    find.step(false);
    frames(1);
    assertThat(find.statusProperty().get()).isEqualTo("5 of 5");
    assertThat(selected).isEqualTo("#3 four needle");

    long three = lineHolding("#2 three needle");
    find.stepFrom(true, three, 0);
    frames(1);
    assertThat(find.statusProperty().get()).isEqualTo("4 of 5");
    find.stepFrom(false, three, 0);
    frames(1);
    assertThat(find.statusProperty().get()).isEqualTo("3 of 5");
    find.stepFrom(true, lineHolding("#2 two NEEDLE and needle"), 1);
    frames(1);
    assertThat(find.statusProperty().get()).as("after the caret, on its line").isEqualTo("3 of 5");
    find.stepFrom(true, -1, 0);
    frames(1);
    assertThat(find.statusProperty().get()).as("past the end: from the top").isEqualTo("1 of 5");
  }

  @Test
  void theCountFollowsTheLogAsItStreams() {
    LogScript build = new LogScript(2).step(1, "apt", "needle").begin(2, "make");
    open(build, 100, Runnable::run);
    find.queryProperty().set("needle");
    frames(1);
    find.step(true);
    frames(1);
    assertThat(find.statusProperty().get()).isEqualTo("1 of 1");
    build.output(2, "needle", "needle");
    frames(1);
    assertThat(find.statusProperty().get()).isEqualTo("1 of 3");
  }

  @Test
  void whatTheViewKeepsIsSearchedWithTheLinesFoldedUnderIt() {
    String[] lines = IntStream.range(0, 300).mapToObj(i -> "needle " + i).toArray(String[]::new);
    open(new LogScript(2).step(1, "apt", lines).step(2, "make", "needle last"), 100, Runnable::run);
    find.queryProperty().set("needle");
    frames(1);
    assertThat(find.statusProperty().get()).as("the newest 100 lines hold 96 of them").isEqualTo("96 matches");
    find.step(true);
    frames(1);
    assertThat(selected).isEqualTo("#1 needle 205");

    feed.toggleFold(1);
    frames(3);
    assertThat(find.statusProperty().get()).as("step 1's header is in view: its folded lines are searched, the current match stays")
        .isEqualTo("206 of 301");
  }

  @Test
  void theFxThreadOnlyAsksTheSearchThreadCounts() {
    ByHand searchThread = new ByHand();
    String[] lines = IntStream.range(0, 20_000).mapToObj(i -> "line " + i + (i % 10 == 0 ? " needle" : "")).toArray(String[]::new);
    open(new LogScript(1).step(1, "make", lines), 50_000, searchThread);
    find.queryProperty().set("needle");
    frames(1);
    assertThat(find.statusProperty().get()).isEqualTo("Searching\u2026");
    searchThread.runAll();
    frames(1);
    assertThat(find.statusProperty().get()).isEqualTo("2,000 matches");
  }

  private long lineHolding(String text) {
    for (long n = view.first; view.line(n) != null; n++) {
      if (view.line(n).equals(text)) {
        return n;
      }
    }
    throw new AssertionError("not in view: " + text);
  }
}
