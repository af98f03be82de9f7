package dev.templatestudio.app.cli;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The JVM thin client for {@code build} and {@code run}, which the launchers run when perl is
 * missing, when their perl client ({@code src/main/scripts/engine-client.pl}, the same frames
 * without a JVM) finds no engine or is declined, or with {@code TEMPLATE_STUDIO_CLIENT=jvm}: it
 * hands the command line, its folder, environment and stdin to the local engine (the daemon that holds the machines,
 * {@link EngineServer}) and writes back what the command prints and its exit code, loading only
 * JDK classes on the way. When no engine answers, or the engine declines (another runtime,
 * store or build of the program), the command runs in this process as before; a command that
 * found no engine starts one for the next. {@code --no-daemon} or
 * {@code TEMPLATE_STUDIO_NO_DAEMON=1} keeps every command in its own process.
 */
public final class EngineClient {
  static final String NO_DAEMON = "TEMPLATE_STUDIO_NO_DAEMON";
  /** How long Ctrl+C waits for the engine to cancel the command (a build's cleanup, a machine's stop). */
  private static final long CANCEL_SECONDS = 30;

  private EngineClient() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  private static int run(String[] args) {
    Map<String, String> env = System.getenv();
    List<String> before = optionsPart(args);
    String optOut = env.get(NO_DAEMON);
    if ((optOut != null && !optOut.isEmpty() && !optOut.equals("0")) || before.contains("--no-daemon")) {
      return TemplateStudioCommand.run(args);
    }
    Path cwd = Path.of("").toAbsolutePath();
    Path store = store(before, env, cwd);
    SocketChannel channel;
    try {
      channel = SocketChannel.open(UnixDomainSocketAddress.of(EngineFrames.socket(store)));
    } catch (IOException | RuntimeException none) {
      int code = TemplateStudioCommand.run(args);
      if (engineMayTake(before)) {
        try {
          LocalDaemon.startForNext(store);
        } catch (IOException | RuntimeException e) {
          // The command ran; the next one runs in its own process again.
        }
      }
      return code;
    }
    try (channel) {
      Integer code = viaEngine(channel, args, cwd, env);
      if (code != null) {
        return code;
      }
    } catch (IOException e) {
      System.err.println("template-studio: the local engine stopped while it ran the command (" + e.getMessage()
          + "); what it said is in " + store.resolve("serve/local.log") + "; --no-daemon runs the command here");
      return 1;
    }
    return TemplateStudioCommand.run(args);
  }

  /** The command's exit code from the engine, or null when it declined the command. */
  private static Integer viaEngine(SocketChannel channel, String[] args, Path cwd, Map<String, String> env)
      throws IOException {
    OutputStream out = EngineFrames.out(channel);
    DataInputStream in = new DataInputStream(new BufferedInputStream(EngineFrames.in(channel), EngineFrames.CHUNK));
    EngineFrames.write(out, EngineFrames.REQUEST, new EngineFrames.Request(EngineFrames.identity(), cwd.toString(),
        System.getProperty("sun.jnu.encoding"), Arrays.asList(args), env).encode());
    EngineFrames.Frame answer = EngineFrames.read(in);
    if (answer == null || answer.type() == EngineFrames.DECLINED) {
      return null;
    }
    if (answer.body().length > 0 && answer.body()[0] == 1) {
      Thread stdin = new Thread(() -> sendStdin(out), "stdin");
      stdin.setDaemon(true);
      stdin.start();
    }
    CountDownLatch done = new CountDownLatch(1);
    // Ctrl+C: the engine cancels the command as its own Ctrl+C would; this process then ends
    // with the signal's code (130) once the engine is done, or after CANCEL_SECONDS.
    Thread cancel = new Thread(() -> {
      try {
        EngineFrames.write(out, EngineFrames.CANCEL, new byte[0]);
        done.await(CANCEL_SECONDS, TimeUnit.SECONDS);
      } catch (IOException | InterruptedException e) {
        // The engine is gone: nothing is left to cancel.
      }
    }, "cancel");
    Runtime.getRuntime().addShutdownHook(cancel);
    Output stdout = new Output(new FileOutputStream(FileDescriptor.out));
    Output stderr = new Output(new FileOutputStream(FileDescriptor.err));
    try {
      EngineFrames.Frame f;
      while ((f = EngineFrames.read(in)) != null) {
        if (f.type() == EngineFrames.STDOUT) {
          stdout.write(f.body());
        } else if (f.type() == EngineFrames.STDERR) {
          stderr.write(f.body());
        } else if (f.type() == EngineFrames.EXIT) {
          return EngineFrames.exitCode(f.body());
        }
      }
      throw new IOException("it closed the connection");
    } finally {
      done.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(cancel);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl+C came as the command ended.
      }
    }
  }

  /**
   * One of this process's outputs. A write that fails (a closed pipe: {@code | head -1}) stops
   * the writing and nothing else, as the command's own PrintWriter does in a process of its own.
   */
  private static final class Output {
    private final OutputStream out;
    private boolean broken;

    Output(OutputStream out) {
      this.out = out;
    }

    void write(byte[] bytes) {
      if (!broken) {
        try {
          out.write(bytes);
        } catch (IOException e) {
          broken = true;
        }
      }
    }
  }

  private static void sendStdin(OutputStream out) {
    try {
      EngineFrames.pump(new FileInputStream(FileDescriptor.in), out, EngineFrames.STDIN);
      EngineFrames.write(out, EngineFrames.STDIN_END, new byte[0]);
    } catch (IOException e) {
      // The command ended, or the engine went away: the main thread says which.
    }
  }

  /**
   * What the client loads before an engine answers (a request, a connection to {@code store}'s
   * engine, which is not there), for the class-data archive's training run.
   */
  static void train(Path store) throws IOException {
    new EngineFrames.Request(EngineFrames.identity(), "/", "UTF-8", List.of("build"), System.getenv()).encode();
    try (SocketChannel none = SocketChannel.open(UnixDomainSocketAddress.of(EngineFrames.socket(store)))) {
      EngineFrames.read(new DataInputStream(EngineFrames.in(none)));
    } catch (IOException expected) {
      // No engine there: the classes are loaded all the same.
    }
  }

  /** The arguments before {@code --}: after it comes a command for the machine, never ours. */
  private static List<String> optionsPart(String[] args) {
    List<String> all = Arrays.asList(args);
    int end = all.indexOf("--");
    return end < 0 ? all : all.subList(0, end);
  }

  /** The store as {@link StoreOption} finds it: --store, else $TEMPLATE_STUDIO_HOME, else ~/.local/share/…. */
  static Path store(List<String> options, Map<String, String> env, Path cwd) {
    String given = null;
    for (int i = 0; i < options.size(); i++) {
      String a = options.get(i);
      if (a.equals("--store") && i + 1 < options.size()) {
        given = options.get(i + 1);
      } else if (a.startsWith("--store=")) {
        given = a.substring("--store=".length());
      }
    }
    String home = env.get("TEMPLATE_STUDIO_HOME");
    String user = env.get("HOME");
    Path store = given != null && !given.isBlank() ? cwd.resolve(given)
        : home != null && !home.isBlank() ? cwd.resolve(home)
        : cwd.resolve(user != null && !user.isBlank() ? user : System.getProperty("user.home")).resolve(".local/share/template-studio");
    return store.normalize();
  }

  /** Whether the engine would take the command, as far as the words tell: worth starting it for. */
  private static boolean engineMayTake(List<String> options) {
    for (int i = 0; i < options.size(); i++) {
      String a = options.get(i);
      String value = a.startsWith("--runtime=") ? a.substring("--runtime=".length())
          : a.equals("--runtime") && i + 1 < options.size() ? options.get(i + 1) : null;
      String runtime = value == null ? null : value.strip();
      boolean remote = runtime != null && (runtime.startsWith("http://") || runtime.startsWith("https://"));
      if (runtime != null && !runtime.equals("embedded") && !remote || a.startsWith("--cache-from") || a.startsWith("--cache-to")) {
        return false;
      }
      // A build on a serve goes through the engine too (its warm client); a run there does not.
      if (remote && !options.isEmpty() && options.get(0).equals("run")) {
        return false;
      }
    }
    return !options.isEmpty() && (options.get(0).equals("build") || options.get(0).equals("run"));
  }
}
