package dev.templatestudio.bridge.template;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A file fetched over HTTP(S) into the image, as Dockerfile {@code ADD URL DEST}: {@code dest}
 * ending in {@code /} keeps the URL's file name. {@code checksum} ({@code sha256:HEX}) is
 * verified before the file lands; {@code user} and {@code mode} as for {@link CopyStep}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DownloadStep(
    @JsonProperty(value = "url", required = true) String url,
    @JsonProperty(value = "dest", required = true) String dest,
    String checksum,
    String user,
    String mode,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean force) implements Step {

  public DownloadStep(String url, String dest) {
    this(url, dest, null, null, null, false);
  }

  @Override
  public DownloadStep withForce(boolean force) {
    return new DownloadStep(url, dest, checksum, user, mode, force);
  }
}
