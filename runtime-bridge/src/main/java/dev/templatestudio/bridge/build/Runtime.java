package dev.templatestudio.bridge.build;

import java.io.IOException;
import java.util.List;

/**
 * Where templates are built and machines run: embedded, remote ({@code serve}) or Docker.
 * The CLI, the studio and the server drive every runtime through this one interface.
 */
public interface Runtime extends AutoCloseable {

  /** A short name for people: {@code embedded}, {@code http://host:7433}, {@code docker}. */
  String describe();

  /**
   * Starts a build and returns at once; events follow on the handle.
   *
   * @throws RuntimeUnavailableException when this runtime cannot build here at all
   */
  BuildHandle build(BuildRequest request) throws IOException;

  /** The templates this runtime holds. */
  List<TemplateInfo> templates() throws IOException;

  @Override
  default void close() {}
}
