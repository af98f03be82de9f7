package dev.templatestudio.bridge.changes;

import java.io.IOException;
import java.util.List;

/**
 * What the built steps of a template did to its file system, read from the store that holds
 * its layers. A build is named by its ref ({@code name@sha256:…}, as its {@code build-end}
 * says) and its number of steps ({@code build-end.steps}): the image's last layers are its
 * steps', the ones below its base's.
 *
 * <p>Blocking, and a big layer takes seconds: call it off the UI thread. Thread-safe. An
 * {@link IOException}'s message is one sentence for people (the build is no longer in the
 * store, the step made no layer, …).
 */
public interface FileChanges {

  /** What step {@code step} (1…steps) of the build did: its layer against the layers below it. */
  StepChanges step(String ref, int steps, int step) throws IOException;

  /** The steps of build B beside those of build A, base first. */
  List<StepComparison> compare(String refA, int stepsA, String refB, int stepsB) throws IOException;

  /**
   * How step {@code step}'s layer of build B differs from that of build A: paths B's layer
   * has and A's lacks are added, the other way round removed, in both with other content changed.
   */
  StepChanges between(String refA, int stepsA, String refB, int stepsB, int step) throws IOException;
}
