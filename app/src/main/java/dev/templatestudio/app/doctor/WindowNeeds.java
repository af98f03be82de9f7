package dev.templatestudio.app.doctor;

import dev.templatestudio.bridge.host.HostFacts;
import dev.templatestudio.bridge.host.Need;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the studio window needs from the machine, checked before JavaFX is asked for it (whose
 * own failure says only "Unable to load glass GTK library"): GTK 3 and the X test extension that
 * JavaFX's glass links against, by their Debian packages, and a display. Stateless; reads files
 * and the environment only, so any thread.
 */
public final class WindowNeeds {
  /** The libraries JavaFX loads for a window on Linux, each with the Debian package that has it. */
  private static final Map<String, String> LIBRARIES = new LinkedHashMap<>();

  static {
    LIBRARIES.put("libgtk-3.so.0", "libgtk-3-0");
    LIBRARIES.put("libXtst.so.6", "libxtst6");
  }

  private WindowNeeds() {}

  public static List<Need> all(HostFacts host) {
    return List.of(gtk(host), display(host), acceleration(host));
  }

  /**
   * OpenGL for JavaFX's hardware pipeline: without it the window still works, drawn in
   * software (so it is off, not missing), and the studio asks for software at once rather
   * than let JavaFX print a stack trace while it finds out.
   */
  public static Need acceleration(HostFacts host) {
    List<String> found = new ArrayList<>();
    List<String> absent = new ArrayList<>();
    for (String library : List.of("libGL.so.1", "libXxf86vm.so.1")) {
      host.library(library).ifPresentOrElse(found::add, () -> absent.add(library));
    }
    if (absent.isEmpty()) {
      return Need.ok("OpenGL", String.join(", ", found));
    }
    return Need.off("OpenGL", "the window draws in software (" + String.join(", ", absent)
        + (absent.size() == 1 ? " is" : " are") + " not installed)",
        (host.isRoot() ? "" : "sudo ") + "apt-get install libgl1 libxxf86vm1");
  }

  public static Need gtk(HostFacts host) {
    List<String> found = new ArrayList<>();
    List<String> absent = new ArrayList<>();
    List<String> packages = new ArrayList<>();
    LIBRARIES.forEach((library, debianPackage) -> host.library(library).ifPresentOrElse(found::add, () -> {
      absent.add(library);
      packages.add(debianPackage);
    }));
    if (absent.isEmpty()) {
      return Need.ok("GTK 3", String.join(", ", found));
    }
    return Need.missing("GTK 3", "the studio window needs GTK 3, and " + String.join(", ", absent)
        + (absent.size() == 1 ? " is" : " are") + " not installed",
        (host.isRoot() ? "" : "sudo ") + "apt-get install " + String.join(" ", packages));
  }

  public static Need display(HostFacts host) {
    return host.env("WAYLAND_DISPLAY").map(d -> Need.ok("display", "WAYLAND_DISPLAY=" + d))
        .or(() -> host.env("DISPLAY").map(d -> Need.ok("display", "DISPLAY=" + d)))
        .orElse(Need.off("display", "no display to open the studio window on (DISPLAY and WAYLAND_DISPLAY are "
            + "not set)", "open it from a desktop session (or ssh -X); every subcommand works without one"));
  }
}
