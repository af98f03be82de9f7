package dev.templatestudio.bridge.embedded.changes;

import dev.templatestudio.bridge.changes.FileChange;
import dev.templatestudio.bridge.embedded.step.LayerStack;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns one step's layer tar into its changes: each path of the tar is added when the layers
 * below lack it, else changed (folders that only hold changes are no change of their own); a
 * whiteout removes what was below, an opaque folder everything it held below that the step did
 * not put back. One thread.
 */
final class StepLayerReader {
  private final LowerLayers lowers;
  /** The step's own layer, unpacked: what an opaque folder holds after the step. */
  private final LayerStack own;
  private final KeptChanges out;

  StepLayerReader(LowerLayers lowers, Path ownLayer, KeptChanges out) {
    this.lowers = lowers;
    this.own = new LayerStack(List.of(ownLayer));
    this.out = out;
  }

  /** Reads the tar; returns how many of its entries were unsafe and left out. */
  int read(InputStream tar) throws IOException {
    return LayerEntries.read(tar, this::visit);
  }

  private void visit(LayerEntries.Entry e) throws IOException {
    switch (e.mark()) {
      case WHITEOUT:
        removed(e.path());
        break;
      case OPAQUE:
        for (String name : lowers.children(e.path())) {
          String child = e.path().isEmpty() ? name : e.path() + "/" + name;
          if (own.lookup(child).kind() == LayerStack.Kind.ABSENT) {
            removed(child);
          }
        }
        break;
      default:
        LowerLayers.Before before = lowers.lookup(e.path());
        if (before == null) {
          out.add(new FileChange("/" + e.path(), FileChange.Kind.ADDED, e.type(), e.size(), 0));
        } else if (!(e.type() == FileChange.Type.DIR && before.type() == FileChange.Type.DIR)) {
          out.add(new FileChange("/" + e.path(), FileChange.Kind.CHANGED, e.type(), e.size(), before.size()));
        }
    }
  }

  private void removed(String path) throws IOException {
    LowerLayers.Before before = lowers.lookup(path);
    if (before == null) {
      return; // a whiteout of nothing: hides no file of the image
    }
    long size = before.type() == FileChange.Type.DIR ? lowers.folderSize(path) : before.size();
    out.add(new FileChange("/" + path, FileChange.Kind.REMOVED, before.type(), size, 0));
  }
}
