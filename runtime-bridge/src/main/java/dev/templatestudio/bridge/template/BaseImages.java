package dev.templatestudio.bridge.template;

import java.util.Locale;

/** What can be told about a base image from its name alone. Pure. */
public final class BaseImages {
  private BaseImages() {}

  /**
   * True for the known Windows images: Microsoft's windows, servercore and nanoserver
   * repositories and the tags that name them. A template builds Linux machines, and such an
   * image would fail late, at its first layer.
   */
  public static boolean isWindows(String image) {
    if (image == null) {
      return false;
    }
    String s = image.toLowerCase(Locale.ROOT);
    return s.startsWith("mcr.microsoft.com/windows") || s.contains("windowsservercore")
        || s.contains("nanoserver") || s.contains("/servercore") || s.startsWith("microsoft/windows");
  }
}
