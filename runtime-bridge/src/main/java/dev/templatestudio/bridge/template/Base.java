package dev.templatestudio.bridge.template;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a template starts from: exactly one of an image reference ({@code python:3.12},
 * {@code ghcr.io/o/r:tag}, {@code name@sha256:…}, or a local source such as
 * {@code rootfs:DIR}) or an earlier template ({@code name:tag}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
// isTemplate() is not a field of the document: without this Jackson writes "template": false.
@JsonAutoDetect(isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public record Base(String image, String template) {

  public static Base image(String image) {
    return new Base(image, null);
  }

  public static Base template(String template) {
    return new Base(null, template);
  }

  /**
   * True when this base names an earlier template rather than an image. Not a JSON property:
   * is-getters are not auto-detected on this record, or Jackson would write
   * {@code "template": true} over the template's name.
   */
  public boolean isTemplate() {
    return template != null;
  }

  /** The image reference or template name, whichever is set. */
  public String reference() {
    return template != null ? template : image;
  }
}
