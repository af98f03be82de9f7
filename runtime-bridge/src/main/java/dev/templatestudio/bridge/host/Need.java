package dev.templatestudio.bridge.host;

import java.util.ArrayList;
import java.util.List;

/**
 * One thing a runtime or the studio window needs from this machine, and whether it is there:
 * {@code template-studio doctor} lists them, and a build that fails for one says its
 * {@link #sentence()} word for word. Immutable.
 *
 * @param subject what is needed, short ("overlayfs", "GTK 3")
 * @param state whether it is there
 * @param detail what was found: for {@link State#OK} a short note; otherwise a clause that says
 *     what is wrong, naming the subject
 * @param fix the exact command (or, where no command can do it, the step) that fixes it; null
 *     when OK
 */
public record Need(String subject, State state, String detail, String fix) {
  /** Whether the machine has it. */
  public enum State {
    /** There and usable. */
    OK,
    /** Not there: something to install or switch on, which {@link #fix()} says. */
    MISSING,
    /** There but not running in this session (a stopped engine, no display): {@link #fix()} starts it. */
    OFF
  }

  private static final String APT = "apt-get install ";
  private static final String SUDO = "sudo ";

  public static Need ok(String subject, String detail) {
    return new Need(subject, State.OK, detail, null);
  }

  public static Need missing(String subject, String detail, String fix) {
    return new Need(subject, State.MISSING, detail, fix);
  }

  public static Need off(String subject, String detail, String fix) {
    return new Need(subject, State.OFF, detail, fix);
  }

  /** True unless the machine lacks it (an engine that is only stopped is not lacking). */
  public boolean isThere() {
    return state != State.MISSING;
  }

  /** The one sentence (without a final period) doctor shows and a failed build says: what is wrong, then the fix. */
  public String sentence() {
    return fix == null ? detail : detail + "; fix: " + fix;
  }

  /**
   * One command for everything missing: the Debian packages of every {@code apt-get install}
   * fix in one install, then the other fixes; empty when nothing is missing.
   */
  public static List<String> fixAll(List<Need> needs) {
    List<String> packages = new ArrayList<>();
    List<String> others = new ArrayList<>();
    boolean sudo = false;
    for (Need n : needs) {
      if (n.state() != State.MISSING) {
        continue;
      }
      String fix = n.fix().startsWith(SUDO + APT) ? n.fix().substring(SUDO.length()) : n.fix();
      if (fix.startsWith(APT) && !fix.contains(",") && !fix.contains("(")) {
        sudo |= n.fix().startsWith(SUDO);
        for (String p : fix.substring(APT.length()).trim().split("\\s+")) {
          if (!packages.contains(p)) {
            packages.add(p);
          }
        }
      } else if (!others.contains(n.fix())) {
        others.add(n.fix());
      }
    }
    List<String> all = new ArrayList<>();
    if (!packages.isEmpty()) {
      all.add((sudo ? SUDO : "") + APT + String.join(" ", packages));
    }
    all.addAll(others);
    return all;
  }
}
