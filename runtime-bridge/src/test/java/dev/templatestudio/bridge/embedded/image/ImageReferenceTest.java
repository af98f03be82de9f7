package dev.templatestudio.bridge.embedded.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageReferenceTest {
  private static final String DIGEST = "sha256:" + "a".repeat(64);

  @Test
  void dockerHubNamesGetTheRegistryLibraryAndLatest() throws Exception {
    assertThat(ImageReference.parse("python:3.12"))
        .isEqualTo(new ImageReference("registry-1.docker.io", "library/python", "3.12", null));
    assertThat(ImageReference.parse("busybox"))
        .isEqualTo(new ImageReference("registry-1.docker.io", "library/busybox", "latest", null));
    assertThat(ImageReference.parse("bitnami/redis:7"))
        .isEqualTo(new ImageReference("registry-1.docker.io", "bitnami/redis", "7", null));
    assertThat(ImageReference.parse("docker.io/library/alpine:3").registry()).isEqualTo("registry-1.docker.io");
    assertThat(ImageReference.parse("python:3.12").baseUrl()).isEqualTo("https://registry-1.docker.io");
  }

  @Test
  void otherRegistriesAreRecognisedByDotColonOrLocalhost() throws Exception {
    assertThat(ImageReference.parse("ghcr.io/o/r:tag"))
        .isEqualTo(new ImageReference("ghcr.io", "o/r", "tag", null));
    ImageReference local = ImageReference.parse("localhost:5000/x:y");
    assertThat(local).isEqualTo(new ImageReference("localhost:5000", "x", "y", null));
    assertThat(local.baseUrl()).isEqualTo("http://localhost:5000");
    assertThat(ImageReference.parse("127.0.0.1:5000/a/b").baseUrl()).isEqualTo("http://127.0.0.1:5000");
    assertThat(ImageReference.parse("localhost/x").registry()).isEqualTo("localhost");
    assertThat(ImageReference.parse("myhost:5000/x").baseUrl()).isEqualTo("https://myhost:5000");
  }

  @Test
  void digestsPinTheManifest() throws Exception {
    ImageReference pinned = ImageReference.parse("python@" + DIGEST);
    assertThat(pinned).isEqualTo(new ImageReference("registry-1.docker.io", "library/python", null, DIGEST));
    assertThat(pinned.reference()).isEqualTo(DIGEST);
    assertThat(ImageReference.parse("ghcr.io/o/r:1@" + DIGEST).reference()).isEqualTo(DIGEST);
  }

  @Test
  void badReferencesAreOneSentence() {
    assertThatThrownBy(() -> ImageReference.parse("Python:3")).hasMessageContaining("lower-case");
    assertThatThrownBy(() -> ImageReference.parse("python@sha256:12")).hasMessageContaining("invalid digest");
    assertThatThrownBy(() -> ImageReference.parse("python:")).isInstanceOf(ImageSourceException.class);
  }
}
