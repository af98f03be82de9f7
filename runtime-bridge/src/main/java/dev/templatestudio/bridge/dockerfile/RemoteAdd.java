package dev.templatestudio.bridge.dockerfile;

import dev.templatestudio.bridge.template.DownloadStep;
import dev.templatestudio.bridge.template.GitCloneStep;
import dev.templatestudio.bridge.template.Step;
import java.util.List;
import java.util.Locale;

/**
 * ADD of a URL: a git repository becomes a git-clone step, any other URL a download step. Not
 * thread-safe: belongs to one {@link ImportSession}.
 */
final class RemoteAdd {
  private RemoteAdd() {}

  /** True when {@code source} is something ADD fetches over the network. */
  static boolean isRemote(String source) {
    String s = source.toLowerCase(Locale.ROOT);
    return s.startsWith("http://") || s.startsWith("https://") || s.startsWith("git@")
        || s.startsWith("git://") || s.startsWith("ssh://");
  }

  static boolean isGit(String source) {
    String s = source.toLowerCase(Locale.ROOT);
    int hash = s.indexOf('#');
    String path = hash < 0 ? s : s.substring(0, hash);
    return s.startsWith("git@") || s.startsWith("git://") || s.startsWith("ssh://")
        || path.endsWith(".git") || path.endsWith(".git/");
  }

  /**
   * The step of {@code ADD [flags] URL DEST}, or null after an error at the instruction.
   *
   * @param workdir the WORKDIR in force, for a relative destination of a git clone
   */
  static Step step(Diagnostics diagnostics, Instruction ins, List<DockerWords.Word> sources,
      String dest, String user, String mode, String checksum, boolean keepGitDir, String workdir) {
    DockerWords.Word first = sources.get(0);
    int line = ins.lineAt(first.offset());
    int col = ins.columnAt(first.offset());
    if (sources.size() != 1) {
      diagnostics.error(line, col, "ADD of a URL takes one source; write one ADD per URL");
      return null;
    }
    String url = first.text();
    if (!isGit(url)) {
      return new DownloadStep(url, dest, checksum, user, mode, false);
    }
    int hash = url.indexOf('#');
    String ref = hash < 0 ? null : url.substring(hash + 1);
    if (ref != null && ref.indexOf(':') >= 0) {
      diagnostics.error(line, col, "ADD of a folder of a git repository (#" + Diagnostics.cut(ref)
          + ") cannot be imported: add the whole repository and COPY the folder from it");
      return null;
    }
    if (checksum != null || user != null || mode != null) {
      diagnostics.warning(line, col, "ADD --checksum, --chown and --chmod of a git repository are"
          + " left out: a git-clone step checks out the ref as it is");
    }
    if (!keepGitDir) {
      diagnostics.warning(line, col, "ADD of a git URL becomes a git-clone step, which keeps the"
          + " .git folder that ADD leaves out");
    }
    String path = dest;
    if (!path.startsWith("/") && !path.startsWith("$") && workdir != null) {
      path = (workdir.endsWith("/") ? workdir : workdir + "/") + (path.equals(".") ? "" : path);
    }
    String branch = ref == null || ref.isEmpty() ? null : ref;
    return new GitCloneStep(hash < 0 ? url : url.substring(0, hash), path, branch, null, false);
  }
}
