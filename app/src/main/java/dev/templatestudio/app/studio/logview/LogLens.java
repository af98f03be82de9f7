package dev.templatestudio.app.studio.logview;

import dev.templatestudio.bridge.build.BuildEvent;
import java.util.HashSet;
import java.util.Set;

/**
 * What the log view shows of a build: every step or only one, and which steps' output is
 * folded under their header. Immutable.
 *
 * @param onlyStep the one step shown (with the build's end line), or null for all
 * @param foldAll  whether steps are folded unless toggled
 * @param toggled  the steps whose folding differs from {@code foldAll}
 */
public record LogLens(Integer onlyStep, boolean foldAll, Set<Integer> toggled) {
  /** Every step, none folded. */
  public static final LogLens ALL = new LogLens(null, false, Set.of());

  public LogLens {
    toggled = Set.copyOf(toggled);
  }

  /** Whether the lines of {@code e} belong in the view. */
  boolean shows(BuildEvent e) {
    // A build stage's step numbers are its own: "only step 2" is the final stage's step 2.
    return onlyStep == null || (e.step() != null ? e.stage() == null && e.step().equals(onlyStep) : e.isEnd());
  }

  /**
   * Whether {@code e}'s lines are hidden under its folded step: output and miss reason; the
   * header, CACHED and DONE/ERROR stay. A build stage's steps do not fold.
   */
  boolean hides(BuildEvent e) {
    return e.step() != null && e.stage() == null && e.step() >= 0 && folds(e.step())
        && (BuildEvent.LOG.equals(e.kind()) || BuildEvent.CACHE_MISS.equals(e.kind()));
  }

  /** Whether {@code step}'s output is folded under its header. */
  public boolean folds(int step) {
    return foldAll != toggled.contains(step);
  }

  /** This lens showing only {@code step} (null: all steps). */
  public LogLens only(Integer step) {
    return new LogLens(step, foldAll, toggled);
  }

  /** This lens with {@code step} folded if it was open, open if it was folded. */
  public LogLens toggle(int step) {
    Set<Integer> t = new HashSet<>(toggled);
    if (!t.remove(step)) {
      t.add(step);
    }
    return new LogLens(onlyStep, foldAll, t);
  }

  /** This lens with every step folded, or every step open. */
  public LogLens foldingAll(boolean fold) {
    return new LogLens(onlyStep, fold, Set.of());
  }
}
