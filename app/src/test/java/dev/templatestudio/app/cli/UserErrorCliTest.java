package dev.templatestudio.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mistakes a user can make in options, each ending in exactly one sentence that names the
 * option or file at fault, with exit code 1 (CONTRACT.md §2): none reaches "internal error".
 */
class UserErrorCliTest {
  private static final String REMOTE = "http://127.0.0.1:1";
  @TempDir Path tmp;
  Path file;

  @BeforeEach
  void template() throws Exception {
    file = Files.writeString(tmp.resolve("t.template.json"), """
        {"schema": "template-studio/v1", "base": {"image": "busybox"}, "secrets": ["S"],
         "steps": [{"type": "run", "command": "true"}]}
        """);
  }

  private static void assertSentence(CliRunner r, String sentence) {
    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("template-studio: " + sentence + "\n");
  }

  @Test
  void serveNamesATokenFileThatIsAFolder() {
    CliRunner r = CliRunner.run("serve", "--port", "0", "--store", tmp.resolve("s").toString(),
        "--token-file", tmp.toString());
    assertSentence(r, "--token-file " + tmp + " is a folder, not a file");
  }

  @Test
  void serveRefusesATokenNoClientCouldSend() throws Exception {
    Path twoLines = Files.writeString(tmp.resolve("token"), "abc\ndef\n");
    CliRunner r = CliRunner.run("serve", "--port", "0", "--store", tmp.resolve("s").toString(),
        "--token-file", twoLines.toString());
    assertSentence(r, "the token in --token-file " + twoLines
        + " is not one line of visible ASCII characters: it has a line break");
  }

  @Test
  void serveNamesABindAddressThatDoesNotResolve() {
    CliRunner r = CliRunner.run("serve", "--port", "0", "--store", tmp.resolve("s").toString(),
        "--bind", "bogus.invalid");
    assertSentence(r, "--bind bogus.invalid: no such address; give an address of this machine, "
        + "such as 127.0.0.1 or 0.0.0.0");
  }

  @Test
  void aDockerRuntimeWithoutAnAddressNamesTheRuntime() {
    CliRunner r = CliRunner.run("templates", "--runtime", "docker:tcp://", "--store", tmp.toString());
    assertSentence(r, "the runtime docker:tcp:// is not a Docker address; use docker:tcp://HOST:PORT.");
  }

  @Test
  void aTokenFileWithTwoLinesOrNonAsciiIsNamed() throws Exception {
    Path twoLines = Files.writeString(tmp.resolve("two"), "abc\ndef\n");
    assertSentence(CliRunner.run("templates", "--runtime", REMOTE, "--token-file", twoLines.toString()),
        "the token in --token-file " + twoLines + " is not one line of visible ASCII characters: it has a line break");
    Path accented = Files.writeString(tmp.resolve("accented"), "abcé\n", StandardCharsets.UTF_8);
    assertSentence(CliRunner.run("templates", "--runtime", REMOTE, "--token-file", accented.toString()),
        "the token in --token-file " + accented
            + " is not one line of visible ASCII characters: it has a character outside ASCII");
    Path empty = Files.writeString(tmp.resolve("empty"), "\n");
    assertSentence(CliRunner.run("templates", "--runtime", REMOTE, "--token-file", empty.toString()),
        "the token in --token-file " + empty + " is empty");
    assertSentence(CliRunner.run("templates", "--runtime", REMOTE, "--token-file", tmp.toString()),
        "--token-file " + tmp + " is a folder, not a file");
  }

  @Test
  void aBadTokenInTheEnvironmentIsNamed() throws Exception {
    ProcessBuilder templates = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "dev.templatestudio.app.Launcher",
        "templates", "--runtime", REMOTE).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    templates.environment().put("TEMPLATE_STUDIO_TOKEN", "abc\ndef");
    Process p = templates.start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).isEqualTo(1);
    assertThat(err).isEqualTo("template-studio: the token in TEMPLATE_STUDIO_TOKEN is not one line of visible "
        + "ASCII characters: it has a line break\n");
  }

  @Test
  void aStoreThatIsAFileIsNamed() {
    assertSentence(CliRunner.run("templates", "--store", file.toString()),
        "the store " + file + " is a file, not a folder; give another with --store");
  }

  @Test
  void aStoreThatIsAFileNamesNoJavaClassOnAnyCommand() {
    for (String[] args : List.of(new String[] {"build", file.toString()}, new String[] {"run", "web", "--", "true"},
        new String[] {"serve", "--port", "0"})) {
      List<String> all = new java.util.ArrayList<>(List.of(args));
      all.add(all.indexOf("--") < 0 ? all.size() : all.indexOf("--"), "--store");
      all.add(all.indexOf("--store") + 1, file.toString());
      CliRunner r = CliRunner.run(all.toArray(String[]::new));
      assertThat(r.exitCode()).as(String.join(" ", all)).isNotZero();
      assertThat(r.err()).as(String.join(" ", all)).contains(file.toString()).doesNotContain("Exception")
          .containsPattern("not a folder|not a directory|is in the way");
    }
  }

  @Test
  void aStoreFolderThatCannotBeMadeIsNamedAsTheStoreOnEveryCommand() {
    Path store = file.resolve("store");
    String sentence = "--store " + store + ": cannot use it as the store folder (not a directory)";
    assertSentence(CliRunner.run("build", file.toString(), "--store", store.toString()), sentence);
    assertSentence(CliRunner.run("templates", "--store", store.toString()), sentence);
    assertSentence(CliRunner.run("run", "web", "--store", store.toString(), "--", "true"), sentence);
    assertSentence(CliRunner.run("export", "web", "--oci", tmp.resolve("oci").toString(), "--store", store.toString()),
        sentence);
    assertSentence(CliRunner.run("serve", "--port", "0", "--store", store.toString()), sentence);
  }

  @Test
  void aSecretFileThatIsAFolderOrMissingIsNamed() {
    String store = tmp.resolve("s").toString();
    assertSentence(CliRunner.run("build", file.toString(), "--store", store, "--secret", "S=file:" + tmp),
        "--secret S=file:" + tmp + ": " + tmp + " is a folder, not a file");
    Path missing = tmp.resolve("missing");
    assertSentence(CliRunner.run("build", file.toString(), "--store", store, "--secret", "S=file:" + missing),
        "--secret S=file:" + missing + ": there is no file " + missing);
  }

  @Test
  void anExportTargetOfTheWrongKindIsNamed() {
    String store = tmp.resolve("s").toString();
    assertSentence(CliRunner.run("export", "web", "--rootfs-tar", tmp.toString(), "--store", store),
        "--rootfs-tar " + tmp + " is a folder, not a file");
    assertSentence(CliRunner.run("export", "web", "--oci", file.toString(), "--store", store),
        "--oci " + file + " is a file, not a folder");
  }
}
