package dev.templatestudio.bridge.embedded.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.templatestudio.bridge.embedded.DiskBombs;
import dev.templatestudio.bridge.embedded.store.BlobStore;
import dev.templatestudio.bridge.embedded.store.DiskBudget;
import dev.templatestudio.bridge.io.Digests;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pulled layers count against a build's disk: a download stops at the budget and keeps
 * nothing for a next pull, and a registry that sends more than the manifest declares is
 * refused as soon as it does, not after filling the disk.
 */
@Timeout(120)
class PullDiskBoundTest {
  @TempDir Path tmp;

  @Test
  void aPullPastTheBudgetStopsAndKeepsNothing() throws Exception {
    Path layout = tmp.resolve("layout");
    DiskBombs.ociLayoutIncompressible(layout, 3);
    try (LoopbackRegistry registry = LoopbackRegistry.start(tmp.resolve("registry-storage"), tmp)) {
      TestImages.push(layout, "bomb", registry.host() + "/test/bomb:1");
      BlobStore store = new BlobStore(tmp.resolve("store"));
      // A 3 MB layer against 1 MB.
      DiskBudget tiny = DiskBudget.ofMb(1, null);

      assertThatThrownBy(() -> ImageSources.resolve(registry.host() + "/test/bomb:1", store.charging(tiny),
          PullProgress.NONE)).satisfies(e -> assertThat(tiny.exceeded()).as("%s", e).isTrue());

      try (Stream<Path> tmpFiles = Files.list(tmp.resolve("store/tmp"))) {
        assertThat(tmpFiles.mapToLong(PullDiskBoundTest::size).sum()).as("bytes left for a next pull").isZero();
      }
      try (Stream<Path> blobs = Files.list(tmp.resolve("store/blobs/sha256"))) {
        assertThat(blobs.mapToLong(PullDiskBoundTest::size).max().orElse(0)).as("largest blob kept").isLessThan(4096);
      }
    }
  }

  @Test
  void aRegistryThatSendsMoreThanItDeclaresIsRefused() throws Exception {
    byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:" + "cd".repeat(32) + "\"]}}")
        .getBytes(StandardCharsets.UTF_8);
    String configDigest = digest(config);
    String layerDigest = "sha256:" + "ab".repeat(32);
    byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
        + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest
        + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
        + "\"digest\":\"" + layerDigest + "\",\"size\":1000}]}").getBytes(StandardCharsets.UTF_8);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v2/", ex -> {
      String path = ex.getRequestURI().getPath();
      try (ex) {
        if (path.endsWith("/manifests/1")) {
          ex.getResponseHeaders().set("Content-Type", "application/vnd.oci.image.manifest.v1+json");
          send(ex, 200, manifest);
        } else if (path.endsWith("/blobs/" + configDigest)) {
          send(ex, 200, config);
        } else if (path.endsWith("/blobs/" + layerDigest)) {
          // 50 MB where the manifest said 1000 bytes.
          ex.sendResponseHeaders(200, 0);
          byte[] chunk = new byte[1 << 20];
          try (OutputStream out = ex.getResponseBody()) {
            for (int i = 0; i < 50; i++) {
              out.write(chunk);
            }
          } catch (IOException gone) {
            // The client stopped reading, as it should.
          }
        } else {
          send(ex, 404, new byte[0]);
        }
      }
    });
    server.start();
    try {
      BlobStore store = new BlobStore(tmp.resolve("store"));
      String ref = "127.0.0.1:" + server.getAddress().getPort() + "/test/liar:1";
      assertThatThrownBy(() -> ImageSources.resolve(ref, store, PullProgress.NONE))
          .isInstanceOf(ImageSourceException.class)
          .hasMessage("registry 127.0.0.1:"
              + server.getAddress().getPort() + " sent more than the 1000 bytes the manifest gives for " + layerDigest);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aManifestPastFourMebibytesIsRefusedWithoutHoldingIt() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v2/", ex -> {
      try (ex) {
        ex.getResponseHeaders().set("Content-Type", "application/vnd.oci.image.manifest.v1+json");
        ex.sendResponseHeaders(200, 0);
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = ex.getResponseBody()) {
          for (int i = 0; i < 64; i++) {
            out.write(chunk);
          }
        } catch (IOException gone) {
          // The client stopped reading, as it should.
        }
      }
    });
    server.start();
    try {
      String ref = "127.0.0.1:" + server.getAddress().getPort() + "/test/huge:1";
      assertThatThrownBy(() -> ImageSources.resolve(ref, new BlobStore(tmp.resolve("store")), PullProgress.NONE))
          .isInstanceOf(ImageSourceException.class)
          .hasMessage("registry 127.0.0.1:" + server.getAddress().getPort() + " sent more than 4 MiB for manifest of " + ref);
    } finally {
      server.stop(0);
    }
  }

  private static void send(com.sun.net.httpserver.HttpExchange ex, int status, byte[] body) throws IOException {
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      ex.getResponseBody().write(body);
    }
  }

  private static String digest(byte[] bytes) {
    return "sha256:" + HexFormat.of().formatHex(Digests.sha256().digest(bytes));
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return 0;
    }
  }
}
