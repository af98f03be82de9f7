package dev.templatestudio.bridge.embedded;

import dev.templatestudio.bridge.embedded.image.ImageSourceException;
import dev.templatestudio.bridge.embedded.image.ImageSources;
import dev.templatestudio.bridge.embedded.image.PullProgress;
import dev.templatestudio.bridge.embedded.image.ResolvedImage;
import dev.templatestudio.bridge.embedded.oci.ImageConfig;
import dev.templatestudio.bridge.embedded.oci.Manifest;
import dev.templatestudio.bridge.plan.StepFailure;
import dev.templatestudio.bridge.embedded.store.DiskBudget;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.embedded.store.TemplateIndex;
import dev.templatestudio.bridge.template.Base;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Finds a template's base image: an earlier template from the template index, or an image
 * reference through the image sources (local rootfs, OCI layout, docker archive, registry).
 * Either way the result's blobs are in the store. Runs on the build's thread.
 */
final class BaseImages {
  private BaseImages() {}

  /** A base image: its manifest digest (part of the base's cache key), manifest and config. */
  record Resolved(String manifestDigest, Manifest manifest, ImageConfig config) {}

  /** The template {@code ref} as the store's template index has it, its manifest in the store; empty when not. */
  static Optional<TemplateIndex.Resolved> indexed(String ref, Store store) throws IOException {
    return store.templates().resolve(ref).filter(found -> store.blobs().has(found.manifestDigest()));
  }

  /** Why a build on the template base {@code ref} fails when the store lacks it. */
  static String notInStore(String ref, Store store) {
    return "base template \"" + ref + "\" is not in the store " + store.root()
        + "; build it first (template-studio templates lists what is there)";
  }

  /**
   * Resolves {@code base}; local image sources are relative to {@code context}, and
   * {@code messages} receives what pulling reports for people.
   */
  static Resolved resolve(Base base, Store store, DiskBudget budget, Path context, Consumer<String> messages)
      throws StepFailure, IOException {
    if (base.isTemplate()) {
      Optional<TemplateIndex.Resolved> found = indexed(base.template(), store);
      if (found.isEmpty()) {
        throw new StepFailure(notInStore(base.template(), store));
      }
      store.templates().touch(found.get().name());
      ImageWriter.Loaded image = ImageWriter.load(store.blobs(), found.get().manifestDigest());
      return new Resolved(image.manifestDigest(), image.manifest(), image.config());
    }
    try {
      ResolvedImage image = ImageSources.resolve(base.image(), store.blobs().charging(budget), new PullProgress() {
        @Override
        public void message(String text) {
          messages.accept(text);
        }
      }, context);
      return new Resolved(image.manifestDigest(), image.manifest(), image.config());
    } catch (ImageSourceException e) {
      if (budget.exceeded()) {
        // The source wrapped the bound's failure in a sentence of its own: the build says it.
        budget.note(" importing the base image");
        throw budget.exceed();
      }
      throw new StepFailure(e.getMessage());
    } catch (IOException e) {
      if (budget.exceeded()) {
        budget.note(" importing the base image");
      }
      throw e;
    }
  }
}
