package dev.templatestudio.bridge.dockerfile;

import dev.templatestudio.bridge.template.Template;

/** Renders a template as Python SDK code in the builder style of the seed example. */
public final class PythonRenderer {
  private PythonRenderer() {}

  public static String render(Template template) {
    throw new UnsupportedOperationException("the Python renderer lands with issue 2");
  }
}
