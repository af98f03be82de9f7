package dev.templatestudio.bridge.embedded.oci;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** An OCI content descriptor: what a manifest or index points at. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Descriptor(String mediaType, String digest, long size,
    Map<String, String> annotations, Platform platform) {

  public Descriptor(String mediaType, String digest, long size) {
    this(mediaType, digest, size, null, null);
  }

  /** The platform of a manifest in an index. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Platform(String architecture, String os, String variant) {}
}
