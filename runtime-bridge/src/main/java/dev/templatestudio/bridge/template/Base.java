package dev.templatestudio.bridge.template;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a template (or one of its build stages) starts from: exactly one of an image reference
 * ({@code python:3.12}, {@code ghcr.io/o/r:tag}, {@code name@sha256:…}, or a local source such
 * as {@code rootfs:DIR}), an earlier template ({@code name:tag}) or a build stage of the same
 * template by name. Copy steps and run mounts name what they take files {@code from} the same
 * way.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
// isTemplate() is not a field of the document: without this Jackson writes "template": false.
@JsonAutoDetect(isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public record Base(String image, String template, String stage) {

  public Base(String image, String template) {
    this(image, template, null);
  }

  public static Base image(String image) {
    return new Base(image, null);
  }

  public static Base template(String template) {
    return new Base(null, template);
  }

  public static Base stage(String stage) {
    return new Base(null, null, stage);
  }

  /** True when this names a build stage of the same template. */
  public boolean isStage() {
    return stage != null;
  }

  /**
   * True when this base names an earlier template rather than an image. Not a JSON property:
   * is-getters are not auto-detected on this record, or Jackson would write
   * {@code "template": true} over the template's name.
   */
  public boolean isTemplate() {
    return template != null;
  }

  /** The image reference, template name or stage name, whichever is set. */
  public String reference() {
    return template != null ? template : stage != null ? stage : image;
  }

  /** How many of image, template and stage are set (a valid base sets exactly one). */
  public int kinds() {
    return (image != null ? 1 : 0) + (template != null ? 1 : 0) + (stage != null ? 1 : 0);
  }
}
