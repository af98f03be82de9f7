package dev.templatestudio.app.studio.logview;

import java.util.Locale;
import java.util.Objects;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * Find in the build log: the query, where it stands ("3 of 12", "No matches") and next /
 * previous. The counting runs on the search thread ({@link LogSearch}, which also says what is
 * searched); a frame only asks where it stands. Going to a match in a folded step unfolds the
 * step, and the view selects the match once it holds its line ({@link #reveal}). Searches only
 * while open. FX thread.
 */
final class LogFind {
  /**
   * Where the view is to select the current match: occurrence {@code occurrence} (from 0) of
   * {@code folded}, the query as {@link LogMatch} matches it, on the view's line numbered
   * {@code line}.
   */
  record Reveal(long line, int occurrence, String folded) {
  }

  private final LogFeed feed;
  private final LogSearch search;
  private final StringProperty query = new SimpleStringProperty(this, "query", "");
  private final BooleanProperty open = new SimpleBooleanProperty(this, "open");
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
  private final ReadOnlyBooleanWrapper noMatches = new ReadOnlyBooleanWrapper(this, "noMatches");
  /** What the current match was found in, and for which query. */
  private LogIngest.Shown searched;
  private String searchedQuery = "";
  private Matches.Match current;
  /** Whether the current match is still to be shown: its step unfolded, then selected. */
  private boolean revealing;
  private LogSearch.Move request;
  private Reveal reveal;

  LogFind(LogFeed feed, LogSearch search) {
    this.feed = feed;
    this.search = search;
  }

  StringProperty queryProperty() {
    return query;
  }

  /** Whether find is open; it searches only then. */
  BooleanProperty openProperty() {
    return open;
  }

  /** "3 of 12", "12 matches", "No matches", "Searching…"; empty without a query. */
  ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  /** Whether the query is found nowhere (the field is marked). */
  ReadOnlyBooleanProperty noMatchesProperty() {
    return noMatches.getReadOnlyProperty();
  }

  /** Whether the current match is still to be shown (its step unfolding, or its line not yet in the view). */
  boolean revealing() {
    return revealing;
  }

  /**
   * Asks for the match after (or before) the current one, or the first (last) when there is
   * none; taken up by the next {@link #frame}.
   */
  void step(boolean forward) {
    request = new LogSearch.Move(forward, current, 0, 0);
  }

  /**
   * Asks for the first match after (or the last before) a place in the view: the line numbered
   * {@code line} (-1: after the last), after the first {@code before} occurrences on it.
   */
  void stepFrom(boolean forward, long line, int before) {
    request = new LogSearch.Move(forward, null, line < 0 ? Long.MAX_VALUE : line, before);
  }

  /**
   * Where the view is to select the current match, until it says it did ({@link #revealed});
   * null when there is nothing to select.
   */
  Reveal reveal() {
    return reveal;
  }

  /** The view selected the match {@link #reveal} gave. */
  void revealed() {
    revealing = false;
    reveal = null;
  }

  /** Once per frame, after the view took the frame's lines: follows the search and answers requests. */
  void frame() {
    String q = query.get();
    reveal = null;
    if (!open.get() || q.isEmpty()) {
      request = null;
      status.set("");
      noMatches.set(false);
      return;
    }
    LogIngest.Shown shown = feed.shown();
    if (!q.equals(searchedQuery) || searched == null || !sameLines(searched, shown)) {
      // Another query, log or filter: matches are numbered anew.
      current = null;
      revealing = false;
      searchedQuery = q;
    }
    searched = shown;
    LogSearch.Answer a = search.frame(shown, q, current, request);
    if (a == null) {
      // The search thread is publishing what it found: this frame keeps what it shows.
      return;
    }
    if (!a.ready()) {
      if (current == null) {
        status.set("Searching\u2026");
      }
      return;
    }
    LogSearch.Hit at = a.current();
    if (request != null) {
      request = null;
      revealing = at != null;
    }
    current = at == null ? null : at.match();
    if (current == null) {
      revealing = false;
    } else if (revealing) {
      show(current);
    }
    long count = a.count();
    noMatches.set(count == 0);
    status.set(at != null ? String.format(Locale.ROOT, "%,d of %,d", at.index() + 1, count)
        : count == 0 ? "No matches" : String.format(Locale.ROOT, count == 1 ? "%,d match" : "%,d matches", count));
  }

  /** Unfolds the step that hides {@code m}, or asks the view to select it. */
  private void show(Matches.Match m) {
    if (m.foldedStep() < 0) {
      reveal = new Reveal(m.anchor(), m.occurrence(), LogMatch.fold(query.get()));
    } else if (feed.lensProperty().get().folds(m.foldedStep())) {
      // The log is formatted afresh, and searched afresh; the next frames find the match shown.
      feed.toggleFold(m.foldedStep());
    }
  }

  /** Whether two views of a log number its lines alike: the same log, and folding aside, the same lens. */
  private static boolean sameLines(LogIngest.Shown a, LogIngest.Shown b) {
    return a.source() == b.source() && Objects.equals(a.lens().onlyStep(), b.lens().onlyStep());
  }
}
