package dev.templatestudio.app.studio.importer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.app.studio.importer.DropIntent.Action;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DroppedFilesTest {
  @TempDir
  Path dir;

  @Test
  void aTemplateOpensAndADockerfileImports() throws Exception {
    Path json = Files.writeString(dir.resolve("a.template.json"), "{}");
    Path docker = Files.writeString(dir.resolve("Dockerfile"), "FROM debian\n");
    Path named = Files.writeString(dir.resolve("api.Dockerfile"), "FROM debian\n");
    assertThat(DroppedFiles.classify(List.of(json, docker, named))).extracting(DropIntent::action)
        .containsExactly(Action.OPEN_TEMPLATE, Action.IMPORT_DOCKERFILE, Action.IMPORT_DOCKERFILE);
  }

  @Test
  void aFileWithAnotherNameImportsWhenItStartsLikeADockerfile() throws Exception {
    Path f = Files.writeString(dir.resolve("build.txt"), "# syntax=docker/dockerfile:1\n\nARG V=1\nFROM x:$V\n");
    Path other = Files.writeString(dir.resolve("notes.txt"), "hello\n");
    assertThat(DroppedFiles.classify(f).action()).isEqualTo(Action.IMPORT_DOCKERFILE);
    DropIntent rejected = DroppedFiles.classify(other);
    assertThat(rejected.action()).isEqualTo(Action.REJECT);
    assertThat(rejected.message()).isEqualTo("notes.txt is neither a template (*.template.json) nor a Dockerfile.");
  }

  @Test
  void aFolderStandsForItsDockerfileOrItsOnlyTemplate() throws Exception {
    Path withDockerfile = Files.createDirectories(dir.resolve("app"));
    Files.writeString(withDockerfile.resolve("Containerfile"), "FROM a\n");
    Path withTemplate = Files.createDirectories(dir.resolve("t"));
    Files.writeString(withTemplate.resolve("x.template.json"), "{}");
    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertThat(DroppedFiles.classify(withDockerfile)).isEqualTo(DropIntent.importDockerfile(withDockerfile.resolve("Containerfile")));
    assertThat(DroppedFiles.classify(withTemplate)).isEqualTo(DropIntent.open(withTemplate.resolve("x.template.json")));
    assertThat(DroppedFiles.classify(empty).message()).isEqualTo("The folder empty holds no Dockerfile and no *.template.json.");
  }

  @Test
  void aMissingFileIsRejectedWithItsName() {
    assertThat(DroppedFiles.classify(dir.resolve("gone")).message()).isEqualTo("There is no file " + dir.resolve("gone") + ".");
  }
}
