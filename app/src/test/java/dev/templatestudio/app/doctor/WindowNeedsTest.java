package dev.templatestudio.app.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.bridge.host.FakeMachine;
import dev.templatestudio.bridge.host.Need;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The window's needs: GTK 3 by its Debian packages, found where the dynamic loader looks; a display. */
class WindowNeedsTest {
  @TempDir Path tmp;

  @Test
  void withoutGtkTheMissingLibrariesAreNamedWithTheirPackages() throws Exception {
    FakeMachine machine = new FakeMachine(tmp).uid(1000);
    assertThat(WindowNeeds.gtk(machine.facts()).sentence()).isEqualTo("the studio window needs GTK 3, and "
        + "libgtk-3.so.0, libXtst.so.6 are not installed; fix: sudo apt-get install libgtk-3-0 libxtst6");

    machine.file("/usr/lib/x86_64-linux-gnu/libgtk-3.so.0", "");
    assertThat(WindowNeeds.gtk(machine.facts()).fix()).isEqualTo("sudo apt-get install libxtst6");
    machine.file("/usr/lib/x86_64-linux-gnu/libXtst.so.6", "");
    Need gtk = WindowNeeds.gtk(machine.facts());
    assertThat(gtk.state()).isEqualTo(Need.State.OK);
    assertThat(gtk.detail()).isEqualTo("/usr/lib/x86_64-linux-gnu/libgtk-3.so.0, /usr/lib/x86_64-linux-gnu/libXtst.so.6");
  }

  @Test
  void librariesAreFoundOnLdLibraryPathToo() throws Exception {
    FakeMachine machine = new FakeMachine(tmp).env("LD_LIBRARY_PATH", "/opt/gtk/lib")
        .file("/opt/gtk/lib/libgtk-3.so.0", "").file("/opt/gtk/lib/libXtst.so.6", "");
    assertThat(WindowNeeds.gtk(machine.facts()).state()).isEqualTo(Need.State.OK);
  }

  @Test
  void noDisplayIsOffNotMissingAndSaysTheCommandLineWorksWithout() throws Exception {
    FakeMachine machine = new FakeMachine(tmp);
    Need none = WindowNeeds.display(machine.facts());
    assertThat(none.state()).isEqualTo(Need.State.OFF);
    assertThat(none.isThere()).isTrue();
    assertThat(none.sentence()).isEqualTo("no display to open the studio window on (DISPLAY and WAYLAND_DISPLAY are "
        + "not set); fix: open it from a desktop session (or ssh -X); every subcommand works without one");
    assertThat(WindowNeeds.display(machine.env("DISPLAY", ":0").facts()).detail()).isEqualTo("DISPLAY=:0");
  }

  @Test
  void withoutOpenGlTheWindowIsDrawnInSoftwareWhichIsOffNotMissing() throws Exception {
    FakeMachine machine = new FakeMachine(tmp);
    Need none = WindowNeeds.acceleration(machine.facts());
    assertThat(none.state()).isEqualTo(Need.State.OFF);
    assertThat(none.sentence()).isEqualTo("the window draws in software (libGL.so.1, libXxf86vm.so.1 are not "
        + "installed); fix: apt-get install libgl1 libxxf86vm1");
    machine.file("/usr/lib/x86_64-linux-gnu/libGL.so.1", "").file("/usr/lib/x86_64-linux-gnu/libXxf86vm.so.1", "");
    assertThat(WindowNeeds.acceleration(machine.facts()).state()).isEqualTo(Need.State.OK);
  }
}
