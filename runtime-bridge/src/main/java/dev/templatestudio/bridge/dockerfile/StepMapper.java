package dev.templatestudio.bridge.dockerfile;

import dev.templatestudio.bridge.dockerfile.DockerfileLexer.Note;
import dev.templatestudio.bridge.dockerfile.Instruction.Heredoc;
import dev.templatestudio.bridge.template.Base;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.GitCloneStep;
import dev.templatestudio.bridge.template.Mount;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Maps RUN, COPY and ADD to steps, and CMD, ENTRYPOINT, HEALTHCHECK and EXPOSE to the start
 * part. Not thread-safe: belongs to one {@link ImportSession}.
 */
final class StepMapper {
  private static final Set<String> RUN_FLAGS = Set.of("network", "security");
  private static final String[] ARCHIVES = {".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2",
      ".tar.xz", ".txz", ".tar.zst"};

  private final ImportSession session;
  private final Diagnostics diagnostics;
  private final MountParser mounts;

  StepMapper(ImportSession session) {
    this.session = session;
    this.diagnostics = session.diagnostics;
    this.mounts = new MountParser(session);
  }

  Step run(Instruction ins, Map<String, Note> pending, String user) {
    Flags flags = Flags.parse(ins.args());
    List<Mount> mounted = new ArrayList<>();
    for (Flags.Flag f : flags.flags()) {
      if (f.name().equals("mount")) {
        Mount m = mounts.parse(f, ins);
        if (m != null) {
          mounted.add(m);
        }
        continue;
      }
      String what = RUN_FLAGS.contains(f.name()) ? "is not supported and is left out; the command"
          + " runs without it" : "is not a RUN flag; it is left out";
      diagnostics.warning(ins.lineAt(f.offset()), ins.columnAt(f.offset()),
          "RUN " + Diagnostics.cut(f.asWritten()) + " " + what);
    }
    String text = ins.args().substring(flags.rest());
    if (!ins.heredocs().isEmpty()) {
      return new RunStep(heredocCommand(ins, text), user, mounted, false);
    }
    String command = command(ins, text, flags.rest(), "RUN");
    if (command == null || command.isEmpty()) {
      diagnostics.error(ins.line(), ins.column(), "RUN needs a command");
      return null;
    }
    if (!mounted.isEmpty()) {
      return new RunStep(command, user, mounted, false);
    }
    Note gitNote = pending.remove(TemplateNotes.GIT_CLONE);
    if (gitNote != null) {
      GitCloneStep clone = user == null ? RunIdioms.gitClone(command) : null;
      if (clone != null) {
        return clone;
      }
      diagnostics.warning(gitNote.line(), gitNote.column(), "the git-clone note is not followed"
          + " by RUN git clone [--branch B] [--depth N] URL PATH; the RUN stays a run step");
    }
    if (user == null && !ExecForm.looksLikeJson(text)) {
      Step idiom = RunIdioms.recognise(command);
      if (idiom != null) {
        return idiom;
      }
    }
    return new RunStep(command, user, false);
  }

  /** The command of a RUN with heredocs: the body alone for {@code RUN <<EOF}, else the script. */
  private String heredocCommand(Instruction ins, String text) {
    checkClosed(ins);
    Heredoc first = ins.heredocs().get(0);
    if (ins.heredocs().size() == 1 && isMarkerOnly(text, first.delimiter())) {
      String body = first.body();
      return body.endsWith("\n") ? body.substring(0, body.length() - 1) : body;
    }
    StringBuilder script = new StringBuilder(text);
    for (Heredoc h : ins.heredocs()) {
      script.append('\n').append(h.raw()).append(h.delimiter());
    }
    return script.toString();
  }

  private void checkClosed(Instruction ins) {
    for (Heredoc h : ins.heredocs()) {
      if (!h.terminated()) {
        diagnostics.error(h.line(), h.column(), "this heredoc is never closed: the file ends"
            + " before a line " + Diagnostics.cut(h.delimiter()));
      }
    }
  }

  /** True when {@code text} is just {@code <<[-]DELIM}, the delimiter bare or quoted. */
  private static boolean isMarkerOnly(String text, String delimiter) {
    String rest = text.startsWith("<<-") ? text.substring(3)
        : text.startsWith("<<") ? text.substring(2) : null;
    return rest != null && (rest.equals(delimiter) || rest.equals("'" + delimiter + "'")
        || rest.equals("\"" + delimiter + "\""));
  }

  /** Shell or JSON form as one shell command; broken JSON is shell form, as in Docker. */
  private String command(Instruction ins, String text, int offset, String what) {
    if (!ExecForm.looksLikeJson(text)) {
      return text;
    }
    ExecForm.Parsed p = ExecForm.parse(text);
    if (p.argv() != null) {
      return ExecForm.toCommand(p.argv());
    }
    int at = offset + p.errorOffset();
    diagnostics.warning(ins.lineAt(at), ins.columnAt(at), what + " starts like the JSON form"
        + " but is not a JSON array of strings (" + p.error() + "); Docker runs it as a shell"
        + " command, and so does the template");
    return text;
  }

  Step copy(Instruction ins, String kw) {
    Flags flags = Flags.parse(ins.args());
    String user = null;
    String mode = null;
    Base from = null;
    String checksum = null;
    boolean keepGitDir = false;
    boolean bad = false;
    for (Flags.Flag f : flags.flags()) {
      int line = ins.lineAt(f.offset());
      int col = ins.columnAt(f.offset());
      switch (f.name()) {
        case "chown" -> user = session.processed(f.value() == null ? "" : f.value(), ins,
            f.offset() + 8);
        case "chmod" -> mode = session.processed(f.value() == null ? "" : f.value(), ins,
            f.offset() + 8);
        case "link" -> diagnostics.warning(line, col, kw + " --link is ignored: it only changes"
            + " how Docker caches the layer");
        case "from" -> {
          if (kw.equals("COPY") && f.value() != null && !f.value().isEmpty()) {
            from = session.source(f.value());
          } else {
            diagnostics.error(line, col, kw.equals("COPY") ? "COPY --from needs a stage or an image"
                : "ADD has no --from; use COPY --from");
            bad = true;
          }
        }
        case "checksum" -> {
          checksum = f.value();
          if (!kw.equals("ADD")) {
            diagnostics.error(line, col, "COPY has no --checksum; it is an ADD flag for URLs");
            bad = true;
          }
        }
        case "keep-git-dir" -> keepGitDir = kw.equals("ADD") && (f.value() == null
            || f.value().equalsIgnoreCase("true"));
        default -> {
          diagnostics.error(line, col, kw + " " + Diagnostics.cut(f.asWritten())
              + " is not supported");
          bad = true;
        }
      }
    }
    if (!ins.heredocs().isEmpty()) {
      checkClosed(ins);
      if (from != null || checksum != null) {
        diagnostics.error(ins.line(), ins.column(), kw + " of an inline file takes no --from or"
            + " --checksum: the file's text is right here; drop the flag");
        return null;
      }
      return bad ? null : InlineFiles.step(session, ins, kw, flags.rest(), user, mode);
    }
    List<DockerWords.Word> items = copyItems(ins, flags.rest());
    if (bad || items == null) {
      return null;
    }
    if (items.size() < 2) {
      diagnostics.error(ins.line(), ins.column(), kw + " needs at least one source and a"
          + " destination");
      return null;
    }
    List<DockerWords.Word> sources = items.subList(0, items.size() - 1);
    String dest = items.get(items.size() - 1).text();
    if (kw.equals("ADD") && RemoteAdd.isRemote(sources.get(0).text())) {
      return RemoteAdd.step(diagnostics, ins, sources, dest, user, mode, checksum, keepGitDir,
          session.workdir());
    }
    if (checksum != null) {
      diagnostics.error(ins.line(), ins.column(), "ADD --checksum is for a URL; a file of the"
          + " build context needs none");
      return null;
    }
    if (kw.equals("ADD") && !addSources(ins, sources)) {
      return null;
    }
    return new CopyStep(sources.stream().map(DockerWords.Word::text).toList(), dest, user, mode,
        from, false);
  }

  /** The processed sources and destination, each with the offset it was written at. */
  private List<DockerWords.Word> copyItems(Instruction ins, int rest) {
    String text = ins.args().substring(rest);
    List<DockerWords.Word> words;
    if (ExecForm.looksLikeJson(text)) {
      ExecForm.Parsed p = ExecForm.parse(text);
      if (p.argv() == null) {
        int at = rest + p.errorOffset();
        diagnostics.error(ins.lineAt(at), ins.columnAt(at), "the JSON form of "
            + ins.keyword().toUpperCase(Locale.ROOT) + " is not a JSON array of strings ("
            + p.error() + ")");
        return null;
      }
      words = new ArrayList<>();
      for (String s : p.argv()) {
        words.add(new DockerWords.Word(s, 0));
      }
    } else {
      words = DockerWords.splitOnBlanks(text);
    }
    List<DockerWords.Word> items = new ArrayList<>();
    for (DockerWords.Word w : words) {
      String v = session.processed(w.text(), ins, rest + w.offset());
      if (v == null) {
        return null;
      }
      items.add(new DockerWords.Word(v, rest + w.offset()));
    }
    return items;
  }

  private boolean addSources(Instruction ins, List<DockerWords.Word> sources) {
    for (DockerWords.Word source : sources) {
      String s = source.text();
      int line = ins.lineAt(source.offset());
      int col = ins.columnAt(source.offset());
      String lower = s.toLowerCase(Locale.ROOT);
      if (RemoteAdd.isRemote(s)) {
        diagnostics.error(line, col, "ADD of a URL (" + Diagnostics.cut(s)
            + ") mixed with local files: write one ADD for the URL and one for the files");
        return false;
      }
      for (String ext : ARCHIVES) {
        if (lower.endsWith(ext)) {
          diagnostics.warning(line, col, "ADD unpacks the archive " + Diagnostics.cut(s)
              + "; the imported copy step copies it as a file");
          break;
        }
      }
    }
    return true;
  }

  /** CMD, ENTRYPOINT, HEALTHCHECK and EXPOSE. */
  void startPart(Instruction ins, String kw) {
    switch (kw) {
      case "CMD" -> {
        StartCollector.Command c = startCommand(ins, ins.args(), 0, kw);
        if (c != null) {
          session.start.cmd(c);
        }
      }
      case "ENTRYPOINT" -> {
        StartCollector.Command c = startCommand(ins, ins.args(), 0, kw);
        if (c != null) {
          session.start.entrypoint(c);
        }
      }
      case "HEALTHCHECK" -> healthcheck(ins);
      default -> expose(ins);
    }
  }

  private StartCollector.Command startCommand(Instruction ins, String text, int offset, String kw) {
    if (ExecForm.looksLikeJson(text)) {
      ExecForm.Parsed p = ExecForm.parse(text);
      if (p.argv() != null) {
        return new StartCollector.Command(p.argv(), null, ins.line(), ins.column());
      }
      command(ins, text, offset, kw);
    }
    if (text.isEmpty()) {
      diagnostics.error(ins.line(), ins.column(), kw + " needs a command");
      return null;
    }
    return new StartCollector.Command(null, text, ins.line(), ins.column());
  }

  private void healthcheck(Instruction ins) {
    Flags flags = Flags.parse(ins.args());
    if (!flags.flags().isEmpty()) {
      Flags.Flag f = flags.flags().get(0);
      diagnostics.warning(ins.lineAt(f.offset()), ins.columnAt(f.offset()), "HEALTHCHECK options"
          + " (" + Diagnostics.cut(f.asWritten()) + " …) are ignored: the template's ready check"
          + " has only a timeout");
    }
    String rest = ins.args().substring(flags.rest());
    List<DockerWords.Word> words = DockerWords.splitOnBlanks(rest);
    String first = words.isEmpty() ? "" : words.get(0).text().toUpperCase(Locale.ROOT);
    if (first.equals("NONE") && words.size() == 1) {
      session.start.healthcheckNone();
    } else if (first.equals("CMD") && words.size() > 1) {
      int at = words.get(1).offset();
      StartCollector.Command c = startCommand(ins, rest.substring(at), flags.rest() + at,
          "HEALTHCHECK CMD");
      if (c != null) {
        session.start.healthcheck(c);
      }
    } else {
      diagnostics.error(ins.line(), ins.column(), "HEALTHCHECK needs CMD and a command, or NONE");
    }
  }

  private void expose(Instruction ins) {
    for (DockerWords.Word w : DockerWords.splitOnBlanks(ins.args())) {
      if (w.text().indexOf('$') < 0) {
        exposePort(ins, w, w.text());
        continue;
      }
      List<String> unset = new ArrayList<>();
      DockerWords.Processed p = DockerWords.expand(w.text(), session.scope(), session.escape, unset);
      if (!p.ok() || !unset.isEmpty()) {
        diagnostics.warning(ins.lineAt(w.offset()), ins.columnAt(w.offset()), "EXPOSE "
            + Diagnostics.cut(w.text()) + " is ignored: " + (p.ok() ? "$" + Diagnostics.cut(unset.get(0))
            + " is not set by an ENV or ARG above it in this stage" : p.error()));
        continue;
      }
      for (DockerWords.Word port : DockerWords.splitOnBlanks(p.value())) {
        exposePort(ins, w, port.text());
      }
    }
  }

  private void exposePort(Instruction ins, DockerWords.Word w, String spec) {
    int slash = spec.indexOf('/');
    String proto = slash < 0 ? "tcp" : spec.substring(slash + 1).toLowerCase(Locale.ROOT);
    String port = slash < 0 ? spec : spec.substring(0, slash);
    int dash = port.indexOf('-');
    port = dash < 0 ? port : port.substring(0, dash);
    Integer n = port.matches("[0-9]{1,5}") ? Integer.valueOf(port) : null;
    if (n == null || n < 1 || n > 65535 || !(proto.equals("tcp") || proto.equals("udp"))) {
      diagnostics.warning(ins.lineAt(w.offset()), ins.columnAt(w.offset()), "EXPOSE "
          + Diagnostics.cut(spec) + " is not a port number (1-65535, optionally /tcp or /udp);"
          + " it is ignored");
    } else if (proto.equals("tcp")) {
      session.start.expose(n, ins.lineAt(w.offset()), ins.columnAt(w.offset()));
    }
  }
}
