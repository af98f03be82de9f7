package dev.templatestudio.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrorHandlerTest {
  @Test
  void aMessageOfSeveralLinesIsSaidOnOne() {
    assertThat(ErrorHandler.oneLine("the machine did not get ready: the start command exited with code 1 before it "
        + "was ready:\nstarting\nhttpd: bind: Address already in use\n"))
        .isEqualTo("the machine did not get ready: the start command exited with code 1 before it was ready: "
            + "httpd: bind: Address already in use");
    assertThat(ErrorHandler.oneLine("no such file: x\n")).isEqualTo("no such file: x");
    assertThat(ErrorHandler.oneLine("first\nsecond")).isEqualTo("first");
  }
}
