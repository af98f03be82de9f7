package dev.templatestudio.bridge.embedded.image;

import dev.templatestudio.bridge.context.LocalSources;
import dev.templatestudio.bridge.embedded.store.BlobStore;
import java.io.IOException;
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
    return RegistrySource.resolve(ref, store, progress);
  }
}
