package dev.templatestudio.app.studio.preview;

/** What the preview shows the template as. */
public enum PreviewFormat {
  DOCKERFILE("Dockerfile", "Dockerfile"),
  JSON("JSON", "template.json"),
  PYTHON("Python", "template.py"),
  /** The Dockerfile a document was imported from, as it was. */
  SOURCE("Imported", "Dockerfile");

  private final String label;
  private final String fileName;

  PreviewFormat(String label, String fileName) {
    this.label = label;
    this.fileName = fileName;
  }

  public String label() {
    return label;
  }

  /** The file name export suggests. */
  public String fileName() {
    return fileName;
  }
}
