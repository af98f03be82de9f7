package dev.templatestudio.app.cli;

import dev.templatestudio.bridge.build.Runtime;
import dev.templatestudio.bridge.remote.BearerToken;
import dev.templatestudio.bridge.remote.HttpRuntime;
import dev.templatestudio.bridge.server.ApiToken;
import dev.templatestudio.bridge.server.UnixRelay;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The local daemon that holds the CLI's machines and pools (docs/MACHINES.md): a {@code serve}
 * on a unix socket under the store ({@code serve/local.sock}) and an ephemeral loopback port,
 * found by the {@code machine} and {@code pool} commands and started by them, detached in a
 * session of its own, when none answers, as a build daemon is. It exits after
 * {@link #IDLE_MINUTES} minutes without machines, pools or connections.
 */
final class LocalDaemon {
  static final long IDLE_MINUTES = 10;
  static final String LOG = "local.log";
  private static final long START_MILLIS = 60_000;
  /** A unix socket's path must fit in sun_path (108 bytes with its ending NUL). */
  private static final int MAX_SOCKET_PATH = 107;

  private LocalDaemon() {}

  static Path socket(Path store) {
    return store.toAbsolutePath().normalize().resolve("serve").resolve("local.sock");
  }

  /** The daemon's runtime, started first when none answers. */
  static Runtime open(Path store) throws IOException {
    Path socket = socket(store);
    if (!fits(socket)) {
      throw new CliException("the store " + store + " is too deep for the local daemon's socket " + socket
          + " (at most " + MAX_SOCKET_PATH + " bytes); give a shorter --store, or --runtime http://HOST:PORT");
    }
    if (!UnixRelay.answers(socket)) {
      start(store, socket);
    }
    Path tokenFile = ApiToken.defaultFile(store);
    String token = BearerToken.check(Files.readString(tokenFile, StandardCharsets.ISO_8859_1),
        "the token in " + tokenFile);
    return HttpRuntime.overUnixSocket(socket, token);
  }

  /**
   * Asks the local daemon of {@code store}, when one answers, to end itself for a {@code serve}
   * the user started on the same store (a build or run the thin client sent starts the daemon
   * unasked, and only one serve may use a store). It ends only when it holds no machine, pool or
   * command. True when one was asked.
   */
  static boolean askToStepAside(Path store) {
    try (SocketChannel engine = SocketChannel.open(UnixDomainSocketAddress.of(EngineFrames.socket(store)))) {
      EngineFrames.write(Channels.newOutputStream(engine), EngineFrames.STEP_ASIDE, new byte[0]);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean fits(Path socket) {
    return socket.toString().getBytes(StandardCharsets.UTF_8).length <= MAX_SOCKET_PATH;
  }

  /**
   * Starts the daemon for the next command and returns at once, unless one answers or another
   * command is starting one: the thin client's command that found no engine ran in its own
   * process, and waiting for a JVM to start would only make it slower.
   */
  static void startForNext(Path store) throws IOException {
    Path socket = socket(store);
    if (!fits(socket) || UnixRelay.answers(socket)) {
      return;
    }
    Path dir = Files.createDirectories(socket.getParent());
    try (FileChannel lockFile = FileChannel.open(dir.resolve("local.lock"), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE); FileLock lock = lockFile.tryLock()) {
      Path starting = dir.resolve("starting.pid");
      if (lock != null && !UnixRelay.answers(socket) && !alive(starting)) {
        // Its pid, so that the commands that come while its JVM starts do not start another.
        Files.writeString(starting, Long.toString(spawn(store, socket, dir).pid()));
      }
    }
  }

  /** Whether the process whose pid {@code file} holds is alive (false when there is none). */
  private static boolean alive(Path file) {
    try {
      return ProcessHandle.of(Long.parseLong(Files.readString(file).strip())).map(ProcessHandle::isAlive).orElse(false);
    } catch (IOException | NumberFormatException e) {
      return false;
    }
  }

  private static Process spawn(Path store, Path socket, Path dir) throws IOException {
    // In the store's folder: a daemon that stayed in the caller's would keep it busy (unmountable).
    return new ProcessBuilder(command(store, socket)).directory(dir.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("local.log").toFile()))
        .redirectErrorStream(true)
        .start();
  }

  /**
   * Starts the daemon and waits until it answers; a lock in the store makes two commands that
   * find none at once start one daemon, not two.
   */
  private static void start(Path store, Path socket) throws IOException {
    Path dir = Files.createDirectories(socket.getParent());
    // What the JVM says before serve runs (it then writes the same file, bounded: BoundedLog).
    Path log = dir.resolve(LOG);
    try (FileChannel lockFile = FileChannel.open(dir.resolve("local.lock"), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE); FileLock lock = lockFile.lock()) {
      if (UnixRelay.answers(socket)) {
        return;
      }
      Process daemon = spawn(store, socket, dir);
      long until = System.currentTimeMillis() + START_MILLIS;
      while (!(UnixRelay.answers(socket) && Files.isRegularFile(ApiToken.defaultFile(store)))) {
        if (!daemon.isAlive() && !UnixRelay.answers(socket)) {
          throw new CliException("the local daemon did not start: " + lastLine(log) + " (all it said is in " + log + ")");
        }
        if (System.currentTimeMillis() > until) {
          throw new CliException("the local daemon did not answer on " + socket + " within "
              + START_MILLIS / 1000 + " s; what it said is in " + log);
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new CliException("interrupted while the local daemon started");
        }
      }
    }
  }

  /**
   * This program, started again as {@code serve} on the socket: the same Java and class path,
   * under {@code setsid} so it leaves this command's session and outlives it and its terminal.
   */
  static List<String> command(Path store, Path socket) {
    List<String> cmd = new ArrayList<>();
    Path setsid = Path.of("/usr/bin/setsid");
    if (Files.isExecutable(setsid)) {
      cmd.add(setsid.toString());
    }
    cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        // vfork+exec: one exec per process the daemon starts (every machine exec starts several),
        // not two, as the default posix_spawn through jspawnhelper takes.
        "-Djdk.lang.Process.launchMechanism=VFORK",
        "-cp", absoluteClassPath(), "dev.templatestudio.app.Launcher",
        "serve", "--port", "0", "--socket", socket.toString(), "--idle-exit-minutes", Long.toString(IDLE_MINUTES),
        "--log-file", socket.resolveSibling(LOG).toString(),
        "--store", store.toAbsolutePath().normalize().toString()));
    Path engine = EngineFrames.socket(store);
    if (fits(engine)) {
      cmd.addAll(List.of("--engine-socket", engine.toString()));
    }
    return cmd;
  }

  /** This JVM's class path with each entry absolute: the daemon runs in another folder. */
  private static String absoluteClassPath() {
    List<String> entries = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      entries.add(e.isEmpty() ? e : Path.of(e).toAbsolutePath().toString());
    }
    return String.join(java.io.File.pathSeparator, entries);
  }

  private static String lastLine(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return lines.isEmpty() ? "it said nothing" : lines.get(lines.size() - 1).replaceFirst("^template-studio: ", "");
    } catch (IOException e) {
      return "its log " + log + " cannot be read";
    }
  }
}
