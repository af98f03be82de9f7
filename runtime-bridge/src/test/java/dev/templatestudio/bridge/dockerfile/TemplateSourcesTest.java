package dev.templatestudio.bridge.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.templatestudio.bridge.template.Problem.Severity;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.TemplateJson;
import java.io.ByteArrayOutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a file given to the command line or dropped on the studio means, read by the one loader both call. */
class TemplateSourcesTest {
  private static final String DOCKERFILE = "FROM alpine:3.20\nRUN echo café\n";

  @TempDir
  Path dir;

  private Path write(String name, byte[] bytes) throws Exception {
    Path f = dir.resolve(name);
    Files.createDirectories(f.getParent());
    return Files.write(f, bytes);
  }

  private static String command(LoadedTemplate t) {
    return ((RunStep) t.template().steps().get(0)).command();
  }

  @Test
  void aDockerfileThatIsNotUtf8IsReadAsLatin1WithAWarningAtItsFirstSuchByte() throws Exception {
    Path f = write("Dockerfile", DOCKERFILE.getBytes(StandardCharsets.ISO_8859_1));
    LoadedTemplate t = TemplateSources.load(f);
    assertThat(t.kind()).isEqualTo(LoadedTemplate.Kind.DOCKERFILE);
    assertThat(command(t)).isEqualTo("echo café");
    assertThat(t.hasErrors()).isFalse();
    assertThat(t.diagnostics()).hasSize(1);
    Diagnostic d = t.diagnostics().get(0);
    assertThat(d.severity()).isEqualTo(Severity.WARNING);
    assertThat(d.format()).startsWith(f + ":2:13: warning: not UTF-8 text (byte 0xe9 here)").contains("Latin-1");
    assertThat(t.dockerfile()).isEqualTo(DOCKERFILE);
  }

  @Test
  void utf8IsReadAsItIsAndAByteOrderMarkIsHonoured() throws Exception {
    byte[] utf8 = DOCKERFILE.getBytes(StandardCharsets.UTF_8);
    LoadedTemplate plain = TemplateSources.load(write("plain/Dockerfile", utf8));
    assertThat(plain.diagnostics()).isEmpty();
    assertThat(command(plain)).isEqualTo("echo café");

    ByteArrayOutputStream bom = new ByteArrayOutputStream();
    bom.write(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf});
    bom.write(utf8);
    LoadedTemplate marked = TemplateSources.load(write("bom/Dockerfile", bom.toByteArray()));
    assertThat(marked.diagnostics()).isEmpty();
    assertThat(marked.template()).isEqualTo(plain.template());
    assertThat(marked.dockerfile()).isEqualTo(DOCKERFILE);

    LoadedTemplate utf16 = TemplateSources.load(write("utf16/Dockerfile", ("\uFEFF" + DOCKERFILE).getBytes(StandardCharsets.UTF_16LE)));
    assertThat(utf16.diagnostics()).as("Windows tools write UTF-16 with a byte-order mark").isEmpty();
    assertThat(utf16.template()).isEqualTo(plain.template());
  }

  @Test
  void aBinaryFileGetsOneErrorAndNoWordAboutItsEncoding() throws Exception {
    Path f = write("Dockerfile", new byte[] {'F', 'R', 'O', 'M', ' ', 'x', '\n', (byte) 0xff, 0x00, (byte) 0x89});
    LoadedTemplate t = TemplateSources.load(f);
    assertThat(t.diagnostics()).hasSize(1);
    assertThat(t.diagnostics().get(0).message()).contains("binary file");
  }

  @Test
  void aTemplateDocumentIsStrictUtf8AndItsErrorsNameTheirPlace() throws Exception {
    Path f = write("latin1.template.json", new byte[] {'{', '"', 'n', (byte) 0xe9, '"', '}'});
    assertThatThrownBy(() -> TemplateSources.load(f)).isInstanceOf(TemplateSourceException.class)
        .hasMessage(f + ":1:4: error: the file is not UTF-8 text (byte 0xe9); a template is saved as UTF-8");
  }

  @Test
  void aDocumentIsKnownByItsNameOrByItsFirstCharacter() throws Exception {
    String json = TemplateJson.write(Template.of(dev.templatestudio.bridge.template.Base.image("alpine"),
        java.util.List.of()).withName("web"));
    LoadedTemplate byName = TemplateSources.load(write("x.template.json", json.getBytes(StandardCharsets.UTF_8)));
    LoadedTemplate byText = TemplateSources.load(write("saved-as.txt", json.getBytes(StandardCharsets.UTF_8)));
    assertThat(byName.kind()).isEqualTo(LoadedTemplate.Kind.TEMPLATE);
    assertThat(byText.kind()).isEqualTo(LoadedTemplate.Kind.TEMPLATE);
    assertThat(byName.template()).isEqualTo(byText.template());
    assertThat(byName.suggestedName()).as("a template's own name comes first").isEqualTo("web");
    assertThat(byName.dockerfile()).isNull();
  }

  @Test
  void aFolderStandsForItsDockerfileElseItsOnlyTemplate() throws Exception {
    write("app/Containerfile", DOCKERFILE.getBytes(StandardCharsets.UTF_8));
    LoadedTemplate app = TemplateSources.load(dir.resolve("app"));
    assertThat(app.file()).isEqualTo(dir.resolve("app/Containerfile"));
    assertThat(app.suggestedName()).isEqualTo("app");

    String json = TemplateJson.write(Template.of(dev.templatestudio.bridge.template.Base.image("alpine"), java.util.List.of()));
    write("t/x.template.json", json.getBytes(StandardCharsets.UTF_8));
    LoadedTemplate one = TemplateSources.load(dir.resolve("t"));
    assertThat(one.file()).isEqualTo(dir.resolve("t/x.template.json"));
    assertThat(one.suggestedName()).isEqualTo("x");

    write("two/a.template.json", json.getBytes(StandardCharsets.UTF_8));
    write("two/b.template.json", json.getBytes(StandardCharsets.UTF_8));
    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertThatThrownBy(() -> TemplateSources.load(dir.resolve("two"))).isInstanceOf(TemplateSourceException.class)
        .hasMessage(dir.resolve("two") + " is a folder with several templates (a.template.json, b.template.json);"
            + " give the one to load");
    assertThatThrownBy(() -> TemplateSources.load(empty))
        .hasMessage(empty + " is a folder with no Dockerfile and no *.template.json in it");
  }

  @Test
  void whatCannotBeLoadedIsOneSentenceNamingTheFile() throws Exception {
    assertThatThrownBy(() -> TemplateSources.load(dir.resolve("gone"))).isInstanceOf(TemplateSourceException.class)
        .hasMessage("no such file: " + dir.resolve("gone"));
    Path huge = dir.resolve("Dockerfile");
    try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
      f.setLength(TemplateSources.MAX_BYTES + 1L);
    }
    assertThatThrownBy(() -> TemplateSources.load(huge))
        .hasMessage(huge + " is too big for a template or a Dockerfile (more than 16 MB)");
  }

  @Test
  void theNameComesFromTheFileAndItsFolder() {
    assertThat(TemplateSources.nameFor(Path.of("/x/My App.template.json"))).isEqualTo("my-app");
    assertThat(TemplateSources.nameFor(Path.of("/x/web/Dockerfile"))).isEqualTo("web");
    assertThat(TemplateSources.nameFor(Path.of("/x/web/Dockerfile.dev"))).isEqualTo("web");
    assertThat(TemplateSources.nameFor(Path.of("/x/Web Site/Containerfile"))).isEqualTo("web-site");
    assertThat(TemplateSources.nameFor(Path.of("/x/api.Dockerfile"))).isEqualTo("api");
    assertThat(TemplateSources.nameFor(Path.of("/x/worker.containerfile"))).isEqualTo("worker");
    assertThat(TemplateSources.nameFor(Path.of("/x/--/Dockerfile"))).isEqualTo("template");
    assertThat(TemplateSources.nameFor(Path.of("/x/a..b__c.json"))).isEqualTo("a-b-c");
    assertThat(TemplateSources.nameFor(Path.of("/x/" + "a".repeat(200) + ".json"))).hasSize(128);
  }

  @Test
  void atAGlanceAFileLooksLikeATemplateSourceByNameOrByItsStart() throws Exception {
    assertThat(TemplateSources.looksLikeTemplateSource(write("build.txt",
        "# syntax=docker/dockerfile:1\n\nARG V=1\nFROM x:$V\n".getBytes(StandardCharsets.UTF_8)))).isTrue();
    assertThat(TemplateSources.looksLikeTemplateSource(write("notes.txt", "hello\n".getBytes(StandardCharsets.UTF_8))))
        .isFalse();
    assertThat(TemplateSources.looksLikeTemplateSource(write("saved.txt", " {\"a\": 1}".getBytes(StandardCharsets.UTF_8))))
        .isTrue();
    assertThat(TemplateSources.looksLikeTemplateSource(write("api.Dockerfile", "hello\n".getBytes(StandardCharsets.UTF_8))))
        .isTrue();
    assertThat(TemplateSources.looksLikeTemplateSource(dir)).isTrue();
  }
}
