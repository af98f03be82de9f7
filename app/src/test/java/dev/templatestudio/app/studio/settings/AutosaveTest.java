package dev.templatestudio.app.studio.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.app.studio.document.DocumentFiles;
import dev.templatestudio.app.studio.document.Examples;
import dev.templatestudio.bridge.template.Template;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AutosaveTest {
  @TempDir
  Path store;

  @Test
  void unsavedDocumentsAreKeptUntilAGoodExit() throws Exception {
    Autosave autosave = Autosave.inStore(store);
    Map<String, Template> docs = new LinkedHashMap<>();
    docs.put("fastapi-agent", Examples.python());
    docs.put("Untitled 2", Examples.scratch());
    autosave.save(docs);
    assertThat(autosave.pending()).extracting(p -> p.getFileName().toString())
        .containsExactly("1-fastapi-agent.template.json", "2-Untitled-2.template.json");
    assertThat(DocumentFiles.read(autosave.pending().get(0))).isEqualTo(Examples.python());

    docs.remove("fastapi-agent");
    autosave.save(docs);
    assertThat(autosave.pending()).hasSize(1);
    autosave.clear();
    assertThat(autosave.pending()).isEmpty();
  }

  @Test
  void aMissingFolderHasNothingPending() {
    assertThat(new Autosave(store.resolve("none")).pending()).isEmpty();
  }
}
