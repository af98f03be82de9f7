package dev.templatestudio.app.studio.importer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.templatestudio.app.studio.document.Examples;
import dev.templatestudio.bridge.dockerfile.LoadedTemplate.Kind;
import dev.templatestudio.bridge.template.TemplateJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a file given to the studio opens as: the bridge's loader decides, as it does for the command line. */
class DroppedFilesTest {
  @TempDir
  Path dir;

  @Test
  void aTemplateOpensAndADockerfileImports() throws Exception {
    Path json = Files.writeString(dir.resolve("a.template.json"), TemplateJson.write(Examples.scratch()));
    Path docker = Files.writeString(dir.resolve("Dockerfile"), "FROM debian\n");
    Path named = Files.writeString(dir.resolve("api.Dockerfile"), "FROM debian\n");
    assertThat(DroppedFiles.dropped(List.of(json, docker, named))).extracting(o -> o.template().kind())
        .containsExactly(Kind.TEMPLATE, Kind.DOCKERFILE, Kind.DOCKERFILE);
    assertThat(DroppedFiles.load(named).template().suggestedName()).isEqualTo("api");
  }

  @Test
  void aDroppedFileWithAnotherNameImportsWhenItStartsLikeADockerfile() throws Exception {
    Path f = Files.writeString(dir.resolve("build.txt"), "# syntax=docker/dockerfile:1\n\nARG V=1\nFROM x:$V\n");
    Path other = Files.writeString(dir.resolve("notes.txt"), "hello\n");
    assertThat(DroppedFiles.dropped(List.of(f)).get(0).template().kind()).isEqualTo(Kind.DOCKERFILE);
    Opened refused = DroppedFiles.dropped(List.of(other)).get(0);
    assertThat(refused.template()).isNull();
    assertThat(refused.problem()).isEqualTo("notes.txt is neither a template (*.template.json) nor a Dockerfile.");
    assertThat(DroppedFiles.load(other).template().hasErrors())
        .as("chosen to import, it is imported and its errors listed, as the command line does").isTrue();
  }

  @Test
  void aFolderStandsForItsDockerfileOrItsOnlyTemplate() throws Exception {
    Path withDockerfile = Files.createDirectories(dir.resolve("app"));
    Files.writeString(withDockerfile.resolve("Containerfile"), "FROM a\n");
    Path withTemplate = Files.createDirectories(dir.resolve("t"));
    Files.writeString(withTemplate.resolve("x.template.json"), TemplateJson.write(Examples.scratch()));
    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertThat(DroppedFiles.load(withDockerfile).template().file()).isEqualTo(withDockerfile.resolve("Containerfile"));
    assertThat(DroppedFiles.load(withTemplate).template().file()).isEqualTo(withTemplate.resolve("x.template.json"));
    assertThat(DroppedFiles.load(empty).problem())
        .isEqualTo(empty + " is a folder with no Dockerfile and no *.template.json in it.");
  }

  @Test
  void aMissingFileIsRefusedWithItsName() {
    assertThat(DroppedFiles.load(dir.resolve("gone")).problem()).isEqualTo("No such file: " + dir.resolve("gone") + ".");
  }
}
