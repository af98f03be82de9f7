package dev.templatestudio.app.doctor;

import dev.templatestudio.bridge.host.HostFacts;
import dev.templatestudio.bridge.host.Need;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Whether snapshot-on-ready could work on this machine (docs/MACHINES.md, "Snapshots"): CRIU
 * installed and {@code criu check} content with the kernel, in one line. Never missing: warm
 * pools give ready machines without it, so doctor reports it as off at worst. Runs {@code criu
 * check} (at most {@link #CHECK_SECONDS} s), so not on a UI thread.
 */
public final class SnapshotNeed {
  static final String SUBJECT = "CRIU (snapshot-on-ready)";
  private static final long CHECK_SECONDS = 20;
  private static final String MEANWHILE = "warm pools (pool set REF --ready N) give ready machines without it";

  private SnapshotNeed() {}

  public static Need check(HostFacts host) {
    var criu = host.tool("criu");
    if (criu.isEmpty()) {
      return Need.off(SUBJECT, "snapshot-on-ready would need CRIU, and criu is not installed",
          "apt-get install criu, then doctor says whether criu check passes here; " + MEANWHILE);
    }
    if (!host.isRoot()) {
      return Need.off(SUBJECT, "criu check needs root", "run doctor as root to know; " + MEANWHILE);
    }
    String last;
    int code;
    try {
      Process p = new ProcessBuilder(criu.get(), "check").redirectErrorStream(true)
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
      if (!p.waitFor(CHECK_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return Need.off(SUBJECT, "criu check did not answer in " + CHECK_SECONDS + " s", MEANWHILE);
      }
      code = p.exitValue();
      last = summary(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Need.off(SUBJECT, "criu check cannot run: " + e.getMessage(), MEANWHILE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Need.off(SUBJECT, "criu check was interrupted", MEANWHILE);
    }
    if (code == 0) {
      return Need.ok(SUBJECT, criu.get() + ": criu check: " + (last.isEmpty() ? "passes" : last));
    }
    return Need.off(SUBJECT, "criu check fails here (exit " + code + ")" + (last.isEmpty() ? "" : ": " + last),
        MEANWHILE);
  }

  /**
   * criu check's output in one bounded line: its first error (the cause; later ones follow from
   * it), else its last line (its verdict, "Looks good.").
   */
  static String summary(String output) {
    List<String> lines = output.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    String last = lines.stream().filter(l -> l.startsWith("Error")).findFirst()
        .orElse(lines.isEmpty() ? "" : lines.get(lines.size() - 1));
    return last.length() > 200 ? last.substring(0, 200) + "…" : last;
  }
}
