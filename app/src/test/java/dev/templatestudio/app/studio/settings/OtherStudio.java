package dev.templatestudio.app.studio.settings;

import dev.templatestudio.app.studio.document.Examples;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * Another studio on the same data folder, in a process of its own: it autosaves one unsaved
 * document (the Python example under the given name) and runs until killed, which is how a
 * studio crashes. It also ends when this JVM goes (its stdin, a pipe from here, closes), and it
 * never holds this JVM's stdout or stderr: a helper left running once hung Maven, which waits
 * for the test JVM's output to end.
 */
public final class OtherStudio implements AutoCloseable {
  private final Process process;

  private OtherStudio(Process process) {
    this.process = process;
  }

  /** Starts a studio process that has autosaved {@code documentName} into {@code autosaveFolder}. */
  public static OtherStudio start(Path autosaveFolder, String documentName) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), OtherStudio.class.getName(),
        autosaveFolder.toString(), documentName).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    OtherStudio other = new OtherStudio(p);
    boolean saved = false;
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      saved = "saved".equals(out.readLine());
    } finally {
      if (!saved) {
        other.close();
      }
    }
    if (!saved) {
      throw new IOException("the other studio did not autosave");
    }
    return other;
  }

  /** Leaves behind what a studio that crashed with {@code documentName} unsaved leaves. */
  public static void crashWith(Path autosaveFolder, String documentName) throws Exception {
    start(autosaveFolder, documentName).close();
  }

  /** Kills the process (no clean exit) and waits until it is gone. */
  @Override
  public void close() throws IOException {
    try {
      process.destroyForcibly().waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while ending the other studio");
    }
  }

  /**
   * The other studio: {@code AUTOSAVE_FOLDER DOCUMENT_NAME}; says "saved", then runs until
   * killed or until its stdin ends (the test's JVM is gone), and then stops as abruptly.
   */
  public static void main(String[] args) throws Exception {
    Autosave autosave = new Autosave(Path.of(args[0]));
    autosave.save(Map.of(args[1], Examples.python().withName(args[1])));
    System.out.println("saved");
    System.out.flush();
    while (System.in.read() >= 0) {
      // Nothing is sent; only the end of the stream matters.
    }
    Runtime.getRuntime().halt(137);
  }
}
