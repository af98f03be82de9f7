package dev.templatestudio.bridge.dockerfile;

import dev.templatestudio.bridge.template.Ready;
import dev.templatestudio.bridge.template.Start;
import java.util.ArrayList;
import java.util.List;

/**
 * Gathers CMD, ENTRYPOINT, HEALTHCHECK, EXPOSE and the ready notes, then combines them by
 * Docker's rules into the template's start part. Not thread-safe: one per import.
 */
final class StartCollector {
  /** A CMD, ENTRYPOINT or HEALTHCHECK CMD: argv for JSON form, else the shell text. */
  record Command(List<String> argv, String shell, int line, int column) {
    String asShellCommand() {
      return argv != null ? ExecForm.toCommand(argv) : shell;
    }
  }

  private final Diagnostics diagnostics;
  private Command cmd;
  private Command entrypoint;
  private Command healthcheck;
  private Integer firstPort;
  private int exposeLine;
  private int exposeColumn;
  private Ready readyNote;
  /** Where each EXPOSE of the stage being read is, to warn at all of them if it is not the last. */
  private final List<int[]> exposes = new ArrayList<>();
  private boolean emptyNote;

  StartCollector(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  void cmd(Command c) {
    if (cmd != null) {
      diagnostics.warning(cmd.line(), cmd.column(),
          "this CMD is overridden by the one on line " + c.line() + "; only the last CMD counts");
    }
    cmd = c;
  }

  void entrypoint(Command c) {
    if (entrypoint != null) {
      diagnostics.warning(entrypoint.line(), entrypoint.column(), "this ENTRYPOINT is overridden"
          + " by the one on line " + c.line() + "; only the last ENTRYPOINT counts");
    }
    entrypoint = c;
  }

  void healthcheck(Command c) {
    healthcheck = c;
  }

  /** HEALTHCHECK NONE: drops an earlier HEALTHCHECK CMD; EXPOSE still gives a port check (§4). */
  void healthcheckNone() {
    healthcheck = null;
  }

  /** An exposed TCP port; the first one becomes the ready check when there is a start command. */
  void expose(int port, int line, int column) {
    exposes.add(new int[] {line, column});
    if (firstPort == null) {
      firstPort = port;
      exposeLine = line;
      exposeColumn = column;
    }
  }

  /**
   * A FROM after this stage: what it said about starting is for an image nobody starts, so it
   * is dropped with a warning at each instruction.
   */
  void leaveStage() {
    for (Command c : new Command[] {cmd, entrypoint, healthcheck}) {
      if (c != null) {
        diagnostics.warning(c.line(), c.column(), "this " + (c == cmd ? "CMD" : c == entrypoint
            ? "ENTRYPOINT" : "HEALTHCHECK") + " is in a build stage and is ignored: only the last"
            + " stage starts");
      }
    }
    for (int[] at : exposes) {
      diagnostics.warning(at[0], at[1], "this EXPOSE is in a build stage and is ignored: only the"
          + " last stage starts");
    }
    exposes.clear();
    cmd = null;
    entrypoint = null;
    healthcheck = null;
    firstPort = null;
  }

  void readyNote(Ready ready) {
    readyNote = ready;
  }

  void emptyNote() {
    emptyNote = true;
  }

  /** The start part, or null when the Dockerfile says nothing about starting. */
  Start finish() {
    String command = command();
    Ready ready = readyNote;
    if (ready == null && healthcheck != null) {
      ready = new Ready.Command(healthcheck.asShellCommand());
    } else if (ready == null && firstPort != null) {
      if (command != null) {
        ready = new Ready.Port(firstPort);
      } else {
        diagnostics.warning(exposeLine, exposeColumn, "EXPOSE " + firstPort
            + " gives no ready check because the Dockerfile has no CMD or ENTRYPOINT");
      }
    }
    if (command == null && ready == null) {
      return emptyNote ? new Start(null, null) : null;
    }
    return new Start(command, ready);
  }

  private String command() {
    if (entrypoint != null && entrypoint.argv() == null) {
      if (cmd != null) {
        diagnostics.warning(cmd.line(), cmd.column(),
            "this CMD is ignored because ENTRYPOINT uses the shell form, as in Docker");
      }
      return entrypoint.shell();
    }
    List<String> argv = new ArrayList<>();
    if (entrypoint != null) {
      argv.addAll(entrypoint.argv());
    }
    if (cmd != null && cmd.argv() != null) {
      argv.addAll(cmd.argv());
    } else if (cmd != null) {
      if (entrypoint == null) {
        return cmd.shell();
      }
      argv.addAll(List.of("/bin/sh", "-c", cmd.shell()));
    }
    return argv.isEmpty() ? null : ExecForm.toCommand(argv);
  }
}
