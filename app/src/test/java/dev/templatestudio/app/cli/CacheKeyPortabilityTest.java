package dev.templatestudio.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.templatestudio.bridge.embedded.bench.BusyboxImage;
import dev.templatestudio.bridge.embedded.layer.HostTools;
import dev.templatestudio.bridge.embedded.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a registry-shared cache (issue 17) rests on: two stores standing for two machines, with
 * the build context at other paths and with other file times, give the same template the same
 * cache keys step by step, and a changed file the same miss reason.
 */
@Timeout(300)
class CacheKeyPortabilityTest {
  private static final Pattern KEY = Pattern.compile("\"kind\":\"cache-(?:hit|miss)\",\"step\":(\\d+),\"cacheKey\":\"(sha256:[0-9a-f]{64})\"");
  private static final Pattern REASON = Pattern.compile("\"kind\":\"cache-miss\",\"step\":(\\d+),[^\\n]*\"reason\":\"([^\"]*)\"");
  @TempDir Path tmp;

  @Test
  void twoStoresWithTheContextElsewhereGiveTheSameKeysAndTheSameMissReason() throws Exception {
    assumeTrue(BusyboxImage.available(), "busybox-static is not installed");
    assumeTrue(HostTools.isRoot(), "the sandbox tests run as root");
    Path one = context("machine-one/src/app", FileTime.fromMillis(1_000_000_000_000L));
    Path two = context("elsewhere/deeper/ctx", FileTime.fromMillis(1_700_000_000_000L));
    Path storeOne = tmp.resolve("store-one");
    Path storeTwo = tmp.resolve("other/store-two");
    BusyboxImage.seed(Store.open(storeOne), tmp.resolve("seed-one"));
    BusyboxImage.seed(Store.open(storeTwo), tmp.resolve("seed-two"));

    List<String> keysOne = keys(build(one, storeOne));
    List<String> keysTwo = keys(build(two, storeTwo));
    assertThat(keysOne).hasSize(3).isEqualTo(keysTwo);

    Files.writeString(one.resolve("app/main.sh"), "echo changed\n");
    Files.writeString(two.resolve("app/main.sh"), "echo changed\n");
    String changedOne = build(one, storeOne);
    String changedTwo = build(two, storeTwo);
    assertThat(keys(changedOne)).isEqualTo(keys(changedTwo)).isNotEqualTo(keysOne);
    assertThat(reasons(changedOne)).isEqualTo(reasons(changedTwo)).isNotEmpty();
  }

  private Path context(String where, FileTime time) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(where));
    Files.createDirectories(dir.resolve("app"));
    Files.writeString(dir.resolve("app/main.sh"), "echo hello\n");
    Files.setLastModifiedTime(dir.resolve("app/main.sh"), time);
    Files.writeString(dir.resolve("t.template.json"), """
        {"schema": "template-studio/v1", "name": "portable", "base": {"template": "busybox"},
         "steps": [{"type": "copy", "sources": ["app/"], "dest": "/app"},
                   {"type": "run", "command": "sh /app/main.sh > /out"}]}
        """);
    return dir;
  }

  private static String build(Path context, Path store) {
    CliRunner r = CliRunner.run("build", context.resolve("t.template.json").toString(), "--store", store.toString(),
        "--progress", "jsonl");
    assertThat(r.exitCode()).as(r.err()).isZero();
    return r.out();
  }

  private static List<String> keys(String events) {
    return KEY.matcher(events).results().map(m -> m.group(1) + " " + m.group(2)).toList();
  }

  private static List<String> reasons(String events) {
    Matcher m = REASON.matcher(events);
    return m.results().map(r -> r.group(1) + " " + r.group(2)).toList();
  }
}
