package dev.templatestudio.bridge.template;

import java.util.Map;

/** The JSON type names of steps and ready checks, in one place. */
public final class StepTypes {
  private static final Map<Class<?>, String> NAMES = Map.ofEntries(
      Map.entry(RunStep.class, "run"),
      Map.entry(AptStep.class, "apt"),
      Map.entry(PipStep.class, "pip"),
      Map.entry(NpmStep.class, "npm"),
      Map.entry(CopyStep.class, "copy"),
      Map.entry(GitCloneStep.class, "git-clone"),
      Map.entry(EnvStep.class, "env"),
      Map.entry(WorkdirStep.class, "workdir"),
      Map.entry(UserStep.class, "user"),
      Map.entry(DownloadStep.class, "download"),
      Map.entry(Ready.Port.class, "port"),
      Map.entry(Ready.Url.class, "url"),
      Map.entry(Ready.File.class, "file"),
      Map.entry(Ready.Process.class, "process"),
      Map.entry(Ready.Command.class, "command"),
      Map.entry(Ready.Timeout.class, "timeout"));

  private StepTypes() {}

  /** The type name of a step or ready-check class. */
  public static String nameOf(Class<?> type) {
    String name = NAMES.get(type);
    if (name == null) {
      throw new IllegalArgumentException("not a step or ready type: " + type);
    }
    return name;
  }
}
