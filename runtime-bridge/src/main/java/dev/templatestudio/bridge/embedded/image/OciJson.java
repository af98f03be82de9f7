package dev.templatestudio.bridge.embedded.image;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** JSON of OCI documents: unknown fields ignored, fields written in record order (stable bytes). */
public final class OciJson {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private OciJson() {}

  public static <T> T read(byte[] json, Class<T> type, String what) throws ImageSourceException {
    try {
      return MAPPER.readValue(json, type);
    } catch (IOException e) {
      throw new ImageSourceException(what + " is not valid JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage()));
    }
  }

  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }

  /** The {@code mediaType} field of a manifest or index, or null. */
  static String mediaType(byte[] json) throws ImageSourceException {
    try {
      var node = MAPPER.readTree(json);
      var type = node.get("mediaType");
      if (type != null) {
        return type.asText();
      }
      // An OCI index may omit its media type; "manifests" tells it apart from a manifest.
      return node.has("manifests") ? dev.templatestudio.bridge.embedded.oci.MediaTypes.OCI_INDEX : null;
    } catch (IOException e) {
      throw new ImageSourceException("a manifest is not valid JSON: " + e.getMessage());
    }
  }
}
