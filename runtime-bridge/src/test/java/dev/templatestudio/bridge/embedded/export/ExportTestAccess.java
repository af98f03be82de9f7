package dev.templatestudio.bridge.embedded.export;

import dev.templatestudio.bridge.embedded.oci.Descriptor;
import dev.templatestudio.bridge.embedded.store.BlobStore;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/** Lets tests in other packages flatten layers. */
public final class ExportTestAccess {
  private ExportTestAccess() {}

  public static List<String> flatten(BlobStore store, List<Descriptor> layers, OutputStream out)
      throws IOException {
    return new LayerFlattener(store, layers).write(out);
  }
}
