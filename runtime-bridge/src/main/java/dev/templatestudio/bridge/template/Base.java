package dev.templatestudio.bridge.template;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a template starts from: exactly one of an image reference ({@code python:3.12},
 * {@code ghcr.io/o/r:tag}, {@code name@sha256:…}, or a local source such as
 * {@code rootfs:DIR}) or an earlier template ({@code name:tag}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Base(String image, @JsonProperty("template") String template) {

  public static Base image(String image) {
    return new Base(image, null);
  }

  public static Base template(String template) {
    return new Base(null, template);
  }

  /**
   * True when this base names an earlier template rather than an image. Not a JSON property:
   * without the annotation Jackson writes it as {@code "template": true} over the name.
   */
  @JsonIgnore
  public boolean isTemplate() {
    return template != null;
  }

  /** The image reference or template name, whichever is set. */
  public String reference() {
    return template != null ? template : image;
  }
}
