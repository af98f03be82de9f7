package dev.templatestudio.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the engine's messages name a client's relative path arguments: as given, whole paths only. */
class InvocationTest {
  private final Invocation engine = new Invocation(Path.of("/home/me/proj"), Map.of(), InputStream.nullInputStream(), null);

  @Test
  void aRelativeArgumentIsNamedAsGivenWhereverAMessageNamesItWhole() {
    assertThat(engine.argument("t.template.json")).isEqualTo(Path.of("/home/me/proj/t.template.json"));
    engine.argument("ctx");
    engine.argument("/abs/other.json");
    assertThat(engine.asGiven("/home/me/proj/t.template.json:3:5: bad\n")).isEqualTo("t.template.json:3:5: bad\n");
    assertThat(engine.asGiven("cannot read /home/me/proj/t.template.json.")).isEqualTo("cannot read t.template.json.");
    assertThat(engine.asGiven("--context /home/me/proj/ctx is not a folder")).isEqualTo("--context ctx is not a folder");
    // A file in the folder, a longer name, another folder's path ending alike, an absolute argument: unchanged.
    assertThat(engine.asGiven("/home/me/proj/ctx/a.txt /home/me/proj/ctx.json /x/home/me/proj/ctx /abs/other.json"))
        .isEqualTo("/home/me/proj/ctx/a.txt /home/me/proj/ctx.json /x/home/me/proj/ctx /abs/other.json");
  }

  @Test
  void inAProcessOfItsOwnNothingIsRewritten() {
    Invocation process = Invocation.current();
    assertThat(process.argument("x.json")).isEqualTo(Path.of("x.json"));
    assertThat(process.asGiven("x.json")).isEqualTo("x.json");
  }
}
