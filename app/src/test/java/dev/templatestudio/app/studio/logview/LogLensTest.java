package dev.templatestudio.app.studio.logview;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.EventLog;
import dev.templatestudio.bridge.build.SecretMasker;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Filtering the log to one step and folding steps, as the log view's feed hands them to the view, a frame at a time. */
class LogLensTest {
  /** The log thread, run by hand: what it has not run, the FX side cannot have seen. */
  private static final class LogThreadByHand implements Executor {
    private final Queue<Runnable> tasks = new ArrayDeque<>();

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

  private final LogThreadByHand logThread = new LogThreadByHand();
  /** The clock that paces the view under a fast stream: it moves only when a test moves it. */
  private final AtomicLong frameClock = new AtomicLong();
  private final EventLog log = new EventLog("b", SecretMasker.none());
  /** Lines the frames skipped: they came faster than the cap allows. */
  private long dropped;

  private LogFeed feed(int cap) {
    LogFeed feed = new LogFeed(LogThreads.on(logThread, Runnable::run), () -> 0L, frameClock::get, cap);
    feed.follow(log);
    return feed;
  }

  /** One frame, as the view takes it. */
  private LogFrame frame(LogFeed feed, int maxLines) {
    LogFrame f = feed.take(maxLines, true);
    dropped += f.skipped();
    return f;
  }

  private void step(int step, int lines, boolean cached) {
    log.append(BuildEvent.of(BuildEvent.STEP_START).step(step).steps(3).message("RUN make " + step).build());
    if (cached) {
      log.append(BuildEvent.of(BuildEvent.CACHE_HIT).step(step).build());
    } else {
      log.append(BuildEvent.of(BuildEvent.CACHE_MISS).step(step).reason("parent changed").build());
      for (int i = 0; i < lines; i++) {
        log.append(BuildEvent.of(BuildEvent.LOG).step(step).message("out " + step + "." + i).build());
      }
    }
    log.append(BuildEvent.of(BuildEvent.STEP_END).step(step).status("done").durationMs(1000L).build());
  }

  /** The view's text after frames until nothing is left to take, as the view would show it. */
  private String shown(LogFeed feed) {
    StringBuilder view = new StringBuilder();
    for (int n = 0; n < 100 && (n == 0 || feed.backlog() > 0); n++) {
      LogFrame f = frame(feed, 1000);
      if (f.replace()) {
        view.setLength(0);
      }
      view.append(f.lines().text());
      if (f.older() != null) {
        view.insert(0, f.older().text());
      }
    }
    return view.toString();
  }

  @Test
  void filteringToOneStepIsFormattedOnTheLogThreadAndReachesTheFrameAsABoundedTail() {
    LogFeed feed = feed(100);
    step(1, 5_000, false);
    step(2, 5_000, false);
    logThread.runAll();
    shown(feed);

    feed.filterTo(1);
    LogFrame first = frame(feed, 1000);
    assertThat(first.replace()).as("the view starts afresh").isTrue();
    assertThat(first.lines().isEmpty()).as("nothing was formatted on the calling thread").isTrue();

    logThread.runAll();
    LogFrame filtered = frame(feed, 1000);
    assertThat(filtered.replace()).isTrue();
    assertThat(filtered.lines().lines()).as("a replace takes little more than a view's worth").isEqualTo(LogWindow.RESUME_LINES);
    assertThat(filtered.lines().text()).endsWith("#1 out 1.4999\n#1 DONE 1.0s\n");
    // Later frames put the older lines before them, up to the cap.
    String view = shown(feed) + filtered.lines().text();
    assertThat(view.lines()).as("at most the cap, however long the log").hasSize(100);
    assertThat(view).startsWith("#1 out 1.4901\n").doesNotContain("#2 ");

    feed.filterTo(null);
    logThread.runAll();
    assertThat(shown(feed)).contains("#2 out 2.4999").endsWith("#2 DONE 1.0s\n");
  }

  @Test
  void aFoldedStepShowsItsHeaderWithTheCountAndItsEndButNotItsOutput() {
    LogFeed feed = feed(1000);
    step(1, 3, false);
    step(2, 0, true);
    step(3, 2, false);
    logThread.runAll();
    assertThat(shown(feed)).contains("#1 out 1.2", "#3 out 3.1");

    feed.toggleFold(1);
    logThread.runAll();
    String folded = shown(feed);
    assertThat(folded).contains("#1 [1/3] RUN make 1  (4 lines hidden)\n#1 DONE 1.0s\n")
        .doesNotContain("#1 out", "#1 cache miss")
        .contains("#2 [2/3] RUN make 2  CACHED\n", "#3 cache miss: parent changed", "#3 out 3.1");
    assertThat(feed.lensProperty().get().folds(1)).isTrue();

    feed.foldAll(true);
    logThread.runAll();
    assertThat(shown(feed)).contains("(4 lines hidden)", "#3 [3/3] RUN make 3  (3 lines hidden)", "#2 [2/3] RUN make 2  CACHED\n")
        .doesNotContain("#3 out");

    feed.toggleFold(3);
    logThread.runAll();
    assertThat(shown(feed)).contains("#3 out 3.1").doesNotContain("#1 out");

    feed.foldAll(false);
    logThread.runAll();
    assertThat(shown(feed)).contains("#1 out 1.2", "#3 out 3.1").doesNotContain("hidden");
  }

  @Test
  void aFoldedRunningStepsCountGrowsOnTheHeaderAlreadyInView() {
    LogFeed feed = feed(1000);
    step(1, 3, false);
    log.append(BuildEvent.of(BuildEvent.STEP_START).step(2).steps(3).message("RUN long").build());
    log.append(BuildEvent.of(BuildEvent.CACHE_MISS).step(2).reason("parent changed").build());
    feed.toggleFold(2);
    logThread.runAll();
    assertThat(shown(feed)).endsWith("#2 [2/3] RUN long  (1 line hidden)\n");

    for (int i = 0; i < 1234; i++) {
      log.append(BuildEvent.of(BuildEvent.LOG).step(2).message("more " + i).build());
    }
    logThread.runAll();
    LogFrame news = frame(feed, 1000);
    assertThat(news.lines().isEmpty()).as("its output stays folded").isTrue();
    List<LogChunk> headers = news.headers();
    assertThat(headers).hasSize(1);
    assertThat(headers.get(0).text()).isEqualTo("#2 [2/3] RUN long  (1,235 lines hidden)\n");
    assertThat(headers.get(0).firstLine()).as("the header's line in the view").isEqualTo(6);
  }

  @Test
  void aStreamThatOutrunsTheFramesShowsItsNewestFewLinesAndTheViewIsMadeWholeWhenItSlows() {
    LogFeed feed = feed(1000);
    step(1, 10, false);
    logThread.runAll();
    shown(feed);
    for (int i = 0; i < 5000; i++) {
      log.append(BuildEvent.of(BuildEvent.LOG).step(2).message("fast " + i).build());
    }
    logThread.runAll();
    LogFrame outrun = frame(feed, 100);
    assertThat(outrun.replace()).isFalse();
    assertThat(outrun.lines().lines()).isEqualTo(StreamPacing.OUTRUN_LINES);
    assertThat(outrun.lines().text()).endsWith("#2 fast 4999\n");

    log.append(BuildEvent.of(BuildEvent.LOG).step(2).message("lull").build());
    logThread.runAll();
    LogFrame lull = frame(feed, 100);
    assertThat(lull.replace()).as("a lull right after the stream outran the view is not its end").isFalse();
    assertThat(lull.lines().text()).isEqualTo("#2 lull\n");

    frameClock.addAndGet(StreamPacing.CALM_NANOS);
    LogFrame whole = frame(feed, 100);
    assertThat(whole.replace()).as("the stream slowed: one contiguous run again").isTrue();
    int resume = LogWindow.RESUME_LINES;
    assertThat(whole.lines().lines()).isEqualTo(resume);
    assertThat(whole.lines().text()).startsWith("#2 fast " + (5000 - resume + 1) + "\n").endsWith("#2 fast 4999\n#2 lull\n");
    LogFrame after = frame(feed, 100);
    assertThat(after.lines().isEmpty()).isTrue();
    assertThat(after.older().text()).as("older lines go before them")
        .startsWith("#2 fast " + (5000 - resume + 1 - 100) + "\n").endsWith("#2 fast " + (5000 - resume) + "\n");
  }

  @Test
  void foldingWorksWithTheBoundedRingAndBringsBackLinesTheCapHadDropped() {
    LogFeed feed = feed(10);
    step(1, 3, false);
    step(2, 100, false);
    logThread.runAll();
    // Far behind, the log thread counts the older lines instead of formatting them: the view is the same.
    String open = shown(feed);
    assertThat(open.lines()).hasSize(10).startsWith("#2 out 2.91").endsWith("#2 out 2.99", "#2 DONE 1.0s");
    assertThat(dropped).isEqualTo(6 + 103 - 10);

    feed.toggleFold(2);
    logThread.runAll();
    String folded = shown(feed);
    assertThat(folded.lines()).containsExactly("#1 [1/3] RUN make 1", "#1 cache miss: parent changed",
        "#1 out 1.0", "#1 out 1.1", "#1 out 1.2", "#1 DONE 1.0s", "#2 [2/3] RUN make 2  (101 lines hidden)",
        "#2 DONE 1.0s");
  }
}
