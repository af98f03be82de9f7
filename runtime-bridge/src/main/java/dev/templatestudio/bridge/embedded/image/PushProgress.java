package dev.templatestudio.bridge.embedded.image;

/** What a push reports as it goes; called on the pushing thread. */
@FunctionalInterface
public interface PushProgress {
  PushProgress NONE = (digest, done, total, state) -> { };

  /** How a blob got to the registry. */
  enum State {
    /** The registry had it (HEAD). */
    EXISTS,
    /** Mounted from another repository of the registry. */
    MOUNTED,
    /** Bytes sent so far. */
    UPLOADING,
    /** Carried on from where a broken upload stopped. */
    RESUMED,
    /** Uploaded and committed. */
    DONE
  }

  void blob(String digest, long done, long total, State state);
}
