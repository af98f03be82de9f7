package dev.templatestudio.bridge.remote;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code serve} ({@link ServeMain}) in a child JVM, so a test can measure its memory
 * ({@code VmHWM}, the peak resident set) and count its threads from {@code /proc}. Its output
 * lines are kept. Close ends the process.
 */
final class ServeProcess implements AutoCloseable {
  final Process process;
  final String url;
  final List<String> output = Collections.synchronizedList(new ArrayList<>());

  private ServeProcess(Process process, String url) {
    this.process = process;
    this.url = url;
  }

  /** Starts serve over {@code store} on a free port, with {@code jvmOptions} such as {@code -Xmx256m}. */
  static ServeProcess start(Path store, String... jvmOptions) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(List.of(jvmOptions));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), ServeMain.class.getName(), store.toString(), "0"));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = out.readLine()) != null && !line.startsWith("serving ")) {
        // Lines before it (recovered builds) are not needed.
      }
      if (line == null) {
        throw new IOException("serve exited before it served: " + p.waitFor());
      }
      ServeProcess serve = new ServeProcess(p, line.substring("serving ".length()));
      Thread drain = new Thread(() -> {
        try {
          String l;
          while ((l = out.readLine()) != null) {
            serve.output.add(l);
          }
        } catch (IOException e) {
          // The process ended.
        }
      }, "serve-output");
      drain.setDaemon(true);
      drain.start();
      return serve;
    } catch (IOException | RuntimeException e) {
      p.destroyForcibly();
      throw e;
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  int port() {
    return Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
  }

  /** A line of /proc/PID/status in kB, such as {@code VmHWM} (the peak resident set) or {@code VmRSS}. */
  long statusKb(String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IOException("no " + field + " in /proc/" + process.pid() + "/status");
  }

  /** How many threads the process has now. */
  long threads() throws IOException {
    try (var tasks = Files.list(Path.of("/proc", Long.toString(process.pid()), "task"))) {
      return tasks.count();
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
