package dev.templatestudio.app.studio.common;

import javafx.scene.input.DataFormat;

/**
 * The drag-and-drop formats of the studio, in one place: a {@link DataFormat} may be created
 * only once per identifier in a JVM.
 */
public final class DataFormats {
  /** A palette entry being dragged: the {@code StepKind} name. */
  public static final DataFormat STEP_KIND = new DataFormat("application/x-template-studio-step-kind");
  /** Pipeline cards being moved: their 0-based step indices, comma-separated. */
  public static final DataFormat STEP_INDICES = new DataFormat("application/x-template-studio-step-indices");

  private DataFormats() {}
}
