package dev.templatestudio.bridge.dockerfile;

import dev.templatestudio.bridge.dockerfile.Instruction.Heredoc;
import dev.templatestudio.bridge.template.RunStep;
import dev.templatestudio.bridge.template.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code COPY <<EOF DEST} (inline files, as heredocs): a template has no step that holds a
 * file's content, so the importer makes a run step of the shell command that writes them.
 * Docker writes such a file as it is when the delimiter is quoted ({@code <<'EOF'}) and expands
 * {@code $VAR} and {@code ${VAR…}} from ARG and ENV when it is not; the command keeps both, with
 * a quoted or unquoted shell heredoc (the build envs and env steps are the shell's variables),
 * and never runs a command substitution, which Docker does not either. Belongs to the
 * {@link ImportSession} it maps for.
 */
final class InlineFiles {
  private InlineFiles() {}

  /**
   * One inline file.
   *
   * @param name   the heredoc's delimiter, the file's name when DEST is a folder
   * @param body   the content, each line ending in a newline
   * @param expand true when the delimiter was not quoted
   */
  record File(String name, String body, boolean expand) {}

  /**
   * {@code COPY [--chown=U] [--chmod=M] <<EOF… DEST}: a run step that writes the inline files
   * (see {@link #command}), as root like COPY, with a warning at the first heredoc saying so;
   * null after an error.
   */
  static Step step(ImportSession session, Instruction ins, String kw, int rest, String owner, String mode) {
    Diagnostics diagnostics = session.diagnostics;
    List<DockerWords.Word> words = DockerWords.splitOnBlanks(ins.args().substring(rest));
    Heredoc first = ins.heredocs().get(0);
    List<DockerWords.Word> sources = words.subList(0, Math.max(0, words.size() - 1));
    if (sources.isEmpty() || words.get(words.size() - 1).text().startsWith("<<")) {
      diagnostics.error(first.line(), first.column(), kw + " with a heredoc needs a destination after it");
      return null;
    }
    if (sources.size() != ins.heredocs().size() || sources.stream().anyMatch(w -> !w.text().startsWith("<<"))) {
      diagnostics.error(first.line(), first.column(), kw + " with both inline files (heredocs) and files"
          + " of the build context is not supported; copy them in separate " + kw + " instructions");
      return null;
    }
    DockerWords.Word destWord = words.get(words.size() - 1);
    String dest = session.processed(destWord.text(), ins, rest + destWord.offset());
    if (dest == null) {
      return null;
    }
    if (sources.size() > 1 && !dest.endsWith("/")) {
      diagnostics.error(ins.lineAt(rest + destWord.offset()), ins.columnAt(rest + destWord.offset()),
          kw + " of more than one inline file needs a destination folder ending in /");
      return null;
    }
    List<File> files = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      Heredoc h = ins.heredocs().get(i);
      String marker = sources.get(i).text().replaceFirst("^<<-?", "");
      files.add(new File(h.delimiter(), h.body(), !marker.startsWith("'") && !marker.startsWith("\"")));
      if (delimiterFor(files.get(i)) == null) {
        diagnostics.error(h.line(), h.column(), "no shell heredoc delimiter fits the lines of this inline file");
        return null;
      }
    }
    diagnostics.warning(first.line(), first.column(), kw + " <<" + Diagnostics.cut(first.delimiter())
        + " is imported as a run step that writes "
        + String.join(" and ", paths(files, dest).stream().map(Diagnostics::cut).toList())
        + ": a template has no step for a file written inline");
    String user = session.currentUser().equals("root") ? null : "root";
    return new RunStep(command(files, dest, owner, mode), user, false);
  }

  /**
   * The paths {@code files} are written to: DEST itself for one file, else (or when DEST ends in
   * {@code /}) DEST/NAME, as Docker does.
   */
  static List<String> paths(List<File> files, String dest) {
    List<String> paths = new ArrayList<>();
    for (File f : files) {
      // The name is literal, the destination keeps $ references: \$ is the template's literal dollar.
      paths.add(files.size() == 1 && !dest.endsWith("/") ? dest
          : dest + (dest.endsWith("/") ? "" : "/") + f.name().replace("$", "\\$"));
    }
    return paths;
  }

  /**
   * The command: make the parent folders, write each file, then {@code chown} and {@code chmod}
   * them when {@code owner} or {@code mode} (COPY's --chown and --chmod) is given. Every file
   * needs a {@link #delimiterFor}.
   */
  static String command(List<File> files, String dest, String owner, String mode) {
    if (files.stream().anyMatch(f -> delimiterFor(f) == null)) {
      throw new IllegalArgumentException("no shell delimiter fits a body; check delimiterFor first");
    }
    List<String> paths = paths(files, dest);
    List<String> commands = new ArrayList<>();
    String folder = files.size() == 1 && !dest.endsWith("/") ? parentOf(dest) : dest;
    if (folder != null && !folder.isEmpty() && !folder.equals("/")) {
      commands.add("mkdir -p " + ShellQuoting.expanding(folder));
    }
    for (int i = 0; i < files.size(); i++) {
      File f = files.get(i);
      String delimiter = delimiterFor(f);
      String body = f.expand() ? withoutCommandSubstitution(f.body()) : f.body();
      commands.add("cat > " + ShellQuoting.expanding(paths.get(i)) + " <<"
          + (f.expand() ? delimiter : "'" + delimiter + "'") + "\n" + body + delimiter);
    }
    String targets = String.join(" ", paths.stream().map(ShellQuoting::expanding).toList());
    if (owner != null) {
      commands.add("chown " + ShellQuoting.expanding(owner) + " " + targets);
    }
    if (mode != null) {
      commands.add("chmod " + ShellQuoting.expanding(mode) + " " + targets);
    }
    if (commands.size() > 1) {
      // One command a line: without -e, only the last one's failure would fail the step.
      commands.add(0, "set -e");
    }
    return String.join("\n", commands);
  }

  /** The folder above {@code path}; null when it has none (a bare relative name). */
  private static String parentOf(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? null : slash == 0 ? "/" : path.substring(0, slash);
  }

  /**
   * A shell delimiter for {@code f}'s body: its own name when the shell can take it bare, else
   * {@code EOF}, else {@code AEOF}, {@code BEOF}…; null when none fits (a body made to defeat
   * them all). Fitting means no body line is the delimiter, and no line starts with a part of it
   * followed by a non-ASCII character: dash (Debian's /bin/sh) drops that character's first
   * byte while it checks for the delimiter.
   */
  static String delimiterFor(File f) {
    List<String> lines = f.body().lines().toList();
    List<String> candidates = new ArrayList<>();
    if (!f.name().isEmpty() && ShellQuoting.isPosixSafe(f.name())) {
      candidates.add(f.name());
    }
    candidates.add("EOF");
    for (char c = 'A'; c <= 'Z'; c++) {
      candidates.add(c + "EOF");
    }
    return candidates.stream().filter(d -> fits(d, lines)).findFirst().orElse(null);
  }

  private static boolean fits(String delimiter, List<String> lines) {
    for (String line : lines) {
      int common = 0;
      while (common < line.length() && common < delimiter.length() && line.charAt(common) == delimiter.charAt(common)) {
        common++;
      }
      if (line.equals(delimiter) || (common > 0 && common < line.length() && line.charAt(common) >= 0x80)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The body of an unquoted heredoc with {@code `} and {@code $(} escaped: the shell expands
   * the variables as Docker does, but must not run commands Docker would write as text. A
   * backslash escape is kept as written, except a backslash at a line end, which the shell would
   * take for a line continuation (joining the delimiter line to the last one, so the heredoc
   * never ended): it is doubled, and stays in the file.
   */
  private static String withoutCommandSubstitution(String body) {
    StringBuilder out = new StringBuilder(body.length());
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '\\' && i + 1 < body.length() && body.charAt(i + 1) == '\n') {
        out.append("\\\\");
      } else if (c == '\\' && i + 1 < body.length()) {
        out.append(c).append(body.charAt(++i));
      } else if (c == '`' || (c == '$' && i + 1 < body.length() && body.charAt(i + 1) == '(')) {
        out.append('\\').append(c);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
