package dev.templatestudio.bridge.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve's token file: made once, 0600, random; read as it is afterwards. */
class ApiTokenTest {
  @TempDir Path tmp;

  @Test
  void aMissingFileGetsARandomTokenReadableByItsOwnerOnly() throws Exception {
    Path file = tmp.resolve("serve/token");
    ApiToken made = ApiToken.loadOrCreate(file);
    String token = Files.readString(file).strip();
    assertThat(token).matches("[0-9a-f]{64}");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(made.matches(token)).isTrue();
    assertThat(ApiToken.loadOrCreate(file).matches(token)).as("read back, not made again").isTrue();
    assertThat(ApiToken.loadOrCreate(tmp.resolve("other")).matches(token)).isFalse();
    try (var files = Files.list(file.getParent())) {
      assertThat(files).as("no temp file left").containsExactly(file);
    }
    assertThat(ApiToken.exposure(file)).isEmpty();
  }

  @Test
  void aTokenFileOthersCanReadIsWarnedAbout() throws Exception {
    Path file = Files.writeString(tmp.resolve("token"), "abc123\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
    assertThat(ApiToken.exposure(file)).hasValue("warning: the token file " + file
        + " is readable by its group (rw-r-----); chmod 600 " + file);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertThat(ApiToken.exposure(file)).hasValueSatisfying(w -> assertThat(w).contains("readable by every user"));
  }

  @Test
  void onlyTheExactTokenMatches() throws Exception {
    Path file = Files.writeString(tmp.resolve("token"), "  abc123\n");
    ApiToken token = ApiToken.loadOrCreate(file);
    assertThat(token.matches("abc123")).isTrue();
    assertThat(token.matches("abc12")).isFalse();
    assertThat(token.matches("abc1234")).isFalse();
    assertThat(token.matches("")).isFalse();
    assertThat(token.matches(null)).isFalse();
    Files.writeString(file, "\n");
    assertThatThrownBy(() -> ApiToken.loadOrCreate(file)).hasMessageContaining("is empty");
  }
}
