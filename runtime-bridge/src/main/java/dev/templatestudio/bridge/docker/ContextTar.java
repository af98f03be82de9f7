package dev.templatestudio.bridge.docker;

import dev.templatestudio.bridge.context.CopySources;
import dev.templatestudio.bridge.context.ContextTarWriter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The build context Docker receives: only the files the copy steps take (selected with the
 * embedded runtime's rules, {@code .dockerignore} applied, so Docker copies exactly what was
 * hashed for the miss reasons), plus the Dockerfile under a name of its own and a
 * {@code .dockerignore} naming both, which makes the engine drop them after reading. Entries are
 * written by {@link ContextTarWriter} as root's, as Docker's own COPY makes them. Stateless.
 */
final class ContextTar {
  static final String DOCKERFILE = ".template-studio.Dockerfile";

  private ContextTar() {}

  /** Writes the context tar to {@code tar}. */
  static void write(Path tar, String dockerfile, Collection<List<CopySources.Entry>> sources) throws IOException {
    try (ContextTarWriter out = new ContextTarWriter(new BufferedOutputStream(Files.newOutputStream(tar), 256 * 1024),
        ContextTarWriter.Owners.ROOT)) {
      out.addText(DOCKERFILE, dockerfile);
      out.addText(".dockerignore", DOCKERFILE + "\n.dockerignore\n");
      Set<String> written = new HashSet<>(Set.of(DOCKERFILE, ".dockerignore"));
      for (List<CopySources.Entry> entries : sources) {
        for (CopySources.Entry e : entries) {
          String name = e.contextPath();
          if (!name.isEmpty() && !name.equals(".") && written.add(name)) {
            switch (e.kind()) {
              case SYMLINK -> out.addSymlink(name, e.source());
              case DIR -> out.addDir(name, e.source());
              default -> out.addFile(name, e.source());
            }
          }
        }
      }
    }
  }
}
