package dev.templatestudio.bridge.embedded.image;

import dev.templatestudio.bridge.context.LocalSources;
import dev.templatestudio.bridge.embedded.store.BlobStore;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Resolves a template's {@code base.image} (CONTRACT.md §3) to an image whose blobs are all
 * in the BlobStore: {@code rootfs:DIR}, {@code rootfs:FILE.tar[.gz]},
 * {@code oci-layout:DIR[:TAG]}, {@code docker-archive:FILE}, or a registry reference
 * ({@code python:3.12}, {@code ghcr.io/o/r:tag}, {@code name@sha256:...},
 * {@code localhost:5000/x:y}). Blocking (may download); call from a worker thread.
 * Failures the user can fix are {@link ImageSourceException}s with one sentence.
 */
public final class ImageSources {
  private ImageSources() {}

  /** Resolves with local paths relative to the working directory. */
  public static ResolvedImage resolve(String imageRef, BlobStore store, PullProgress progress)
      throws IOException {
    return resolve(imageRef, store, progress, Path.of("").toAbsolutePath());
  }

  /**
   * Resolves {@code imageRef}; relative paths of local sources are taken from {@code baseDir}
   * (the build context, usually).
   */
  public static ResolvedImage resolve(String imageRef, BlobStore store, PullProgress progress,
      Path baseDir) throws IOException {
    String ref = imageRef.strip();
    if (!LocalSources.isLocal(ref)) {
      return RegistrySource.resolve(ref, store, progress);
    }
    Path local = localPath(ref, baseDir);
    if (local == null) {
      return read(ref, store, progress, baseDir);
    }
    // An unchanged local source resolves to the image it gave before without reading a byte.
    SourceMemo.Taken taken = SourceMemo.take(local);
    var known = SourceMemo.lookup(store, ref, local, taken);
    if (known.isPresent()) {
      return known.get();
    }
    ResolvedImage image = read(ref, store, progress, baseDir);
    SourceMemo.remember(store, ref, local, taken, image);
    return image;
  }

  /** Forgets the local sources whose remembered image is no longer in {@code store} (prune calls it). */
  public static void forgetMissing(BlobStore store) throws IOException {
    SourceMemo.forgetMissing(store);
  }

  /** The file or folder a local source reads, links resolved; null when it does not exist. */
  private static Path localPath(String ref, Path baseDir) throws IOException {
    String prefix = LocalSources.prefixOf(ref);
    String spec = ref.substring(prefix.length());
    Path path = prefix.equals(LocalSources.OCI_LAYOUT) ? OciLayoutSource.dir(spec, baseDir) : baseDir.resolve(spec);
    try {
      return path.toRealPath();
    } catch (NoSuchFileException missing) {
      // The source itself says what is missing.
      return null;
    }
  }

  private static ResolvedImage read(String ref, BlobStore store, PullProgress progress, Path baseDir)
      throws IOException {
    if (ref.startsWith(LocalSources.ROOTFS)) {
      return RootfsSource.resolve(baseDir.resolve(ref.substring(LocalSources.ROOTFS.length())), ref, store, progress);
    }
    if (ref.startsWith(LocalSources.OCI_LAYOUT)) {
      return OciLayoutSource.resolve(ref.substring(LocalSources.OCI_LAYOUT.length()), baseDir, ref, store, progress);
    }
    if (ref.startsWith(LocalSources.DOCKER_ARCHIVE)) {
      return DockerArchiveSource.resolve(baseDir.resolve(ref.substring(LocalSources.DOCKER_ARCHIVE.length())), ref,
          store, progress);
    }
    throw new IllegalArgumentException("not a local source: " + ref);
  }
}
