package dev.templatestudio.app.studio.files;

/**
 * A finished build whose steps' files can be looked at.
 *
 * @param id      the build's id (keeps two builds of one image apart)
 * @param label   how the history names it (when, where, outcome)
 * @param ref     its canonical ref ({@code name@sha256:…}); null when it made no image
 * @param steps   its number of steps ({@code build-end.steps})
 * @param runtime the runtime it ran on, as the history names it ({@code Embedded}, …)
 */
public record BuiltTemplate(String id, String label, String ref, int steps, String runtime) {

  /** Its layers are in the embedded store, where file changes are read from. */
  public boolean embedded() {
    return "Embedded".equals(runtime);
  }

  @Override
  public String toString() {
    return label;
  }
}
