package dev.templatestudio.bridge.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TemplateEditsTest {
  private static final Template T = Template.of(Base.image("debian"), List.of(
      new RunStep("a"), new RunStep("b"), new RunStep("c"), new RunStep("d")));

  private static List<String> commands(Template t) {
    return t.steps().stream().map(s -> ((RunStep) s).command()).toList();
  }

  @Test
  void insertsAtAPositionAndClampsOutOfRange() {
    assertThat(commands(TemplateEdits.insert(T, 1, new RunStep("x")))).containsExactly("a", "x", "b", "c", "d");
    assertThat(commands(TemplateEdits.insert(T, 99, new RunStep("x")))).containsExactly("a", "b", "c", "d", "x");
  }

  @Test
  void deletesSeveralAndIgnoresStaleIndices() {
    assertThat(commands(TemplateEdits.delete(T, List.of(3, 0, 7)))).containsExactly("b", "c");
  }

  @Test
  void movesABlockBeforeATarget() {
    assertThat(commands(TemplateEdits.move(T, List.of(0, 2), 4))).containsExactly("b", "d", "a", "c");
    assertThat(commands(TemplateEdits.move(T, List.of(3), 0))).containsExactly("d", "a", "b", "c");
    assertThat(TemplateEdits.movedStart(T, List.of(0, 2), 4)).isEqualTo(2);
  }

  @Test
  void shiftsUpAndDownByOneAndStopsAtTheEnds() {
    int up = TemplateEdits.shiftTarget(T, List.of(2), -1);
    assertThat(commands(TemplateEdits.move(T, List.of(2), up))).containsExactly("a", "c", "b", "d");
    int down = TemplateEdits.shiftTarget(T, List.of(1), +1);
    assertThat(commands(TemplateEdits.move(T, List.of(1), down))).containsExactly("a", "c", "b", "d");
    assertThat(TemplateEdits.shiftTarget(T, List.of(0), -1)).isEqualTo(-1);
    assertThat(TemplateEdits.shiftTarget(T, List.of(3), +1)).isEqualTo(-1);
  }

  @Test
  void duplicatesAfterTheLastSelected() {
    assertThat(commands(TemplateEdits.duplicate(T, List.of(0, 1)))).containsExactly("a", "b", "a", "b", "c", "d");
  }
}
