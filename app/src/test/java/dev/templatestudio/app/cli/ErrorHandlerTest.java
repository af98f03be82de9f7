package dev.templatestudio.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class ErrorHandlerTest {
  @Test
  void anErrorOfSeveralLinesIsSaidOnOne() {
    assertThat(ErrorHandler.line(new IOException("the machine did not get ready: the start command exited with code 1 "
        + "before it was ready:\nstarting\nhttpd: bind: Address already in use\n")))
        .isEqualTo("the machine did not get ready: the start command exited with code 1 before it was ready: "
            + "httpd: bind: Address already in use");
    assertThat(ErrorHandler.line(new IOException("first\nsecond"))).isEqualTo("first");
  }
}
