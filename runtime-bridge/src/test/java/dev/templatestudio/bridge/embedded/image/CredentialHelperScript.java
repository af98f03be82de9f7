package dev.templatestudio.bridge.embedded.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A real credential helper for tests: {@code DIR/docker-credential-test}, a shell script that
 * keeps one login in {@code DIR/helper-store.json} and speaks the docker-credential-helpers
 * protocol (get/store/erase, JSON, "credentials not found" and exit 1 when it has none).
 */
public final class CredentialHelperScript {
  private CredentialHelperScript() {}

  /** Writes the helper into {@code dir} and returns {@code dir}, to be put first on PATH. */
  public static Path install(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path script = dir.resolve("docker-credential-test");
    Files.writeString(script, """
        #!/bin/sh
        store="$(dirname "$0")/helper-store.json"
        case "$1" in
          get) read -r server
               if [ -f "$store" ] && grep -q "\\"ServerURL\\":\\"$server\\"" "$store"; then cat "$store"
               else echo "credentials not found in native keychain"; exit 1; fi ;;
          store) cat > "$store" ;;
          erase) rm -f "$store" ;;
          *) exit 2 ;;
        esac
        """);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return dir;
  }
}
