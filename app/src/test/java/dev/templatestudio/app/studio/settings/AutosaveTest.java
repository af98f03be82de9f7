package dev.templatestudio.app.studio.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.app.studio.document.Examples;
import dev.templatestudio.bridge.template.Template;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AutosaveTest {
  @TempDir
  Path store;

  private Path folder() {
    return store.resolve("autosave");
  }

  private List<String> filesIn(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
    }
  }

  private static List<String> names(Recovery r) {
    return r.documents().stream().map(Recovery.Document::name).toList();
  }

  @Test
  void unsavedDocumentsAreKeptUntilACleanExit() throws Exception {
    Autosave autosave = Autosave.inStore(store);
    Map<String, Template> docs = new LinkedHashMap<>();
    docs.put("fastapi-agent", Examples.python());
    docs.put("Untitled 2", Examples.scratch());
    autosave.save(docs);
    assertThat(filesIn(folder())).hasSize(4).anyMatch(f -> f.endsWith("/1-fastapi-agent.template.json"))
        .anyMatch(f -> f.endsWith("/2-Untitled-2.template.json")).contains(".lock");

    docs.remove("fastapi-agent");
    autosave.save(docs);
    assertThat(filesIn(folder())).hasSize(3).noneMatch(f -> f.contains("fastapi-agent"));

    autosave.close();
    assertThat(filesIn(folder())).containsExactly(".lock");
    autosave.save(docs);
    assertThat(filesIn(folder())).as("nothing is written after a clean exit").containsExactly(".lock");
  }

  @Test
  void nothingIsMadeUntilThereIsSomethingToKeep() throws Exception {
    Autosave autosave = Autosave.inStore(store);
    autosave.save(Map.of());
    assertThat(autosave.recover().documents()).isEmpty();
    assertThat(folder()).doesNotExist();
  }

  @Test
  void twoStudiosOnOneFolderNeverTouchEachOthersAutosaves() throws Exception {
    Autosave first = Autosave.inStore(store);
    Autosave second = Autosave.inStore(store);
    first.save(Map.of("first", Examples.python()));
    second.save(Map.of("second", Examples.scratch()));
    first.save(Map.of());
    assertThat(second.recover().documents()).as("the first studio is still running").isEmpty();
    assertThat(Autosave.inStore(store).recover().documents()).isEmpty();
    assertThat(filesIn(folder())).anyMatch(f -> f.endsWith("/1-second.template.json"));

    first.close();
    assertThat(filesIn(folder())).hasSize(3).anyMatch(f -> f.endsWith("/1-second.template.json"));
  }

  @Test
  void aStudioRunningInAnotherProcessKeepsItsAutosavesUntilItCrashes() throws Exception {
    Autosave here = Autosave.inStore(store);
    try (OtherStudio other = OtherStudio.start(folder(), "other work")) {
      assertThat(here.recover().documents()).as("the other studio runs").isEmpty();
      assertThat(filesIn(folder())).anyMatch(f -> f.endsWith("/1-other-work.template.json"));
    }
    Recovery found = here.recover();
    assertThat(names(found)).containsExactly("other-work");
    assertThat(found.documents().get(0).template()).isEqualTo(Examples.python().withName("other work"));
    assertThat(Autosave.inStore(store).recover().documents()).as("offered by one studio only").isEmpty();

    found.discard();
    assertThat(filesIn(folder())).containsExactly(".lock");
    assertThat(Autosave.inStore(store).recover().documents()).isEmpty();
  }

  @Test
  void halfWrittenFilesAreNeverOfferedAndGoWithTheirFolder() throws Exception {
    OtherStudio.crashWith(folder(), "good");
    Path dir;
    try (Stream<Path> s = Files.list(folder())) {
      dir = s.filter(Files::isDirectory).findFirst().orElseThrow();
    }
    Files.writeString(dir.resolve(".2-half.template.json.1234.tmp"), "{\"schema\": \"templ");
    Files.writeString(dir.resolve("3-edited-by-hand.template.json"), "{not json");
    Recovery found = Autosave.inStore(store).recover();
    assertThat(names(found)).containsExactly("good");
    found.discard();
    assertThat(filesIn(folder())).containsExactly(".lock");
  }

  @Test
  void aStudioThatDiedBeforeItsFirstSaveLeavesNothingBehind() throws Exception {
    Files.createDirectories(folder());
    Files.createFile(folder().resolve("0b5e-gone.lock"));
    assertThat(Autosave.inStore(store).recover().documents()).isEmpty();
    assertThat(filesIn(folder())).containsExactly(".lock");
  }
}
