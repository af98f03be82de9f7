package dev.templatestudio.bridge.embedded.layer;

import dev.templatestudio.bridge.host.EmbeddedNeeds;
import dev.templatestudio.bridge.host.HostFacts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs the small host tools that do what Java cannot without JNI: make device nodes and fifos.
 * A missing tool is reported with the Debian package that provides it. Any thread.
 */
public final class HostTools {
  /** Keeps one command line well below ARG_MAX when many paths are passed at once. */
  private static final int MAX_ARG_CHARS = 64 * 1024;

  private HostTools() {}

  /** True when this process runs as root (uid 0), the only case where whiteouts can be made. */
  public static boolean isRoot() {
    try {
      Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
      return Integer.valueOf(0).equals(uid);
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  /**
   * The absolute path of a layer tool (mknod, mkfifo); an IOException saying what
   * {@code template-studio doctor} says of it, its Debian package included, when absent.
   */
  static String require(String tool) throws IOException {
    HostFacts host = HostFacts.local();
    Optional<String> path = host.tool(tool);
    if (path.isEmpty()) {
      throw new IOException(EmbeddedNeeds.layerTools(host).sentence());
    }
    return path.get();
  }

  /** Runs a command; returns its stdout, or throws with its stderr when it fails. */
  static String run(List<String> command) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Path errFile = Files.createTempFile("tool-", ".err");
    builder.redirectError(errFile.toFile());
    Process process = null;
    try {
      process = builder.start();
      byte[] out;
      try (InputStream in = process.getInputStream()) {
        out = readAll(in);
      }
      int code = process.waitFor();
      if (code != 0) {
        String err = Files.readString(errFile, StandardCharsets.UTF_8).strip();
        throw new IOException(command.get(0) + " failed (exit " + code + "): " + err);
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("cancelled while running " + command.get(0));
    } finally {
      Files.deleteIfExists(errFile);
    }
  }

  /**
   * Runs {@code prefix + paths} in as few command lines as fit, for tools that take many
   * paths at once.
   */
  static void runBatched(List<String> prefix, List<String> paths) throws IOException {
    List<String> batch = new ArrayList<>();
    int chars = 0;
    for (String path : paths) {
      if (!batch.isEmpty() && chars + path.length() > MAX_ARG_CHARS) {
        run(concat(prefix, batch));
        batch.clear();
        chars = 0;
      }
      batch.add(path);
      chars += path.length() + 1;
    }
    if (!batch.isEmpty()) {
      run(concat(prefix, batch));
    }
  }

  /**
   * Runs a per-path shell loop ({@code for f; do CMD "$f" ...; done}) over many paths, so that
   * tools taking one path per call (mknod, mkfifo) cost one process spawn from Java per batch.
   */
  static void runPerPath(String shellBody, List<String> paths) throws IOException {
    List<String> prefix = List.of("/bin/sh", "-c", "set -e; for f; do " + shellBody + "; done", "sh");
    runBatched(prefix, paths);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    in.transferTo(buffer);
    return buffer.toByteArray();
  }
}
