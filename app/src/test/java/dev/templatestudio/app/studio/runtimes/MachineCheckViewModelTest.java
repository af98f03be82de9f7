package dev.templatestudio.app.studio.runtimes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.app.doctor.MachineNeeds;
import dev.templatestudio.app.studio.DirectTaskRunner;
import dev.templatestudio.bridge.host.Need;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Check This Machine's state: doctor's groups and last line, checked again on demand. */
class MachineCheckViewModelTest {
  @Test
  void aCheckShowsTheGroupsAndDoctorsLastLine() {
    List<MachineNeeds.Group> found = List.of(new MachineNeeds.Group("Studio window",
        List.of(Need.missing("GTK 3", "the studio window needs GTK 3", "apt-get install libgtk-3-0"))));
    MachineCheckViewModel vm = new MachineCheckViewModel(new DirectTaskRunner(), () -> found);
    assertThat(vm.groupsProperty().get()).isEmpty();
    vm.check();
    assertThat(vm.groupsProperty().get()).isEqualTo(found);
    assertThat(vm.summaryProperty().get()).isEqualTo("1 missing; to fix it: apt-get install libgtk-3-0");
    assertThat(vm.checkingProperty().get()).isFalse();
  }

  @Test
  void aCheckThatFailsSaysSo() {
    MachineCheckViewModel vm = new MachineCheckViewModel(new DirectTaskRunner(), () -> {
      throw new IOException("/proc is not mounted");
    });
    vm.check();
    assertThat(vm.summaryProperty().get()).isEqualTo("The check itself failed: /proc is not mounted");
  }
}
