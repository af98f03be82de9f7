package dev.templatestudio.bridge.context;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DockerIgnoreTest {
  @Test
  void followsDockersRules() {
    DockerIgnore ignore = DockerIgnore.parse("""
        # comment
        /build/
        *.log
        **/node_modules
        docs/**/*.tmp
        !important.log
        secret?.txt
        [ab].bin
        """);
    assertThat(ignore.excludes("build")).isTrue();
    assertThat(ignore.excludes("build/out/x.o")).as("everything under an excluded dir").isTrue();
    assertThat(ignore.excludes("app.log")).isTrue();
    assertThat(ignore.excludes("sub/app.log")).as("* does not cross /").isFalse();
    assertThat(ignore.excludes("important.log")).as("! re-includes").isFalse();
    assertThat(ignore.excludes("node_modules/x.js")).isTrue();
    assertThat(ignore.excludes("a/b/node_modules/x.js")).isTrue();
    assertThat(ignore.excludes("docs/x.tmp")).isTrue();
    assertThat(ignore.excludes("docs/a/b/x.tmp")).isTrue();
    assertThat(ignore.excludes("secret1.txt")).isTrue();
    assertThat(ignore.excludes("secret12.txt")).isFalse();
    assertThat(ignore.excludes("a.bin")).isTrue();
    assertThat(ignore.excludes("c.bin")).isFalse();
    assertThat(ignore.excludes("src/main.py")).isFalse();
    assertThat(ignore.hasReinclusion()).isTrue();
    assertThat(DockerIgnore.none().excludes("anything")).isFalse();
  }
}
