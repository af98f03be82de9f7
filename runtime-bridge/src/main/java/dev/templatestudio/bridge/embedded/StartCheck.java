package dev.templatestudio.bridge.embedded;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.templatestudio.bridge.build.BuildEvent;
import dev.templatestudio.bridge.build.EventLog;
import dev.templatestudio.bridge.embedded.machine.Machine;
import dev.templatestudio.bridge.embedded.machine.ReadyWaiter;
import dev.templatestudio.bridge.embedded.oci.ImageConfig;
import dev.templatestudio.bridge.embedded.sandbox.ResourceLimits;
import dev.templatestudio.bridge.embedded.sandbox.Sandbox;
import dev.templatestudio.bridge.embedded.step.ImageUser;
import dev.templatestudio.bridge.embedded.step.LayerStack;
import dev.templatestudio.bridge.plan.StepFailure;
import dev.templatestudio.bridge.embedded.store.ReadyChecks;
import dev.templatestudio.bridge.embedded.store.Store;
import dev.templatestudio.bridge.template.Ready;
import dev.templatestudio.bridge.template.Resources;
import dev.templatestudio.bridge.template.Start;
import dev.templatestudio.bridge.template.Template;
import dev.templatestudio.bridge.template.TemplateJson;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The end of a build: the final image config (runtime envs as {@link ImageEnvs} keeps them,
 * start command, ready check and resources as labels) and manifest, then a trial start of the
 * machine, within the template's resources, that must pass its ready check before the build
 * counts as ready. Runs on the build's thread.
 */
final class StartCheck {
  /** Image label holding the template's ready check as JSON, so a machine can be started from the image alone. */
  static final String READY_LABEL = "dev.templatestudio.ready";
  /**
   * Image label set when the template (or the template it is built on) has a start command: a
   * base image's own CMD, such as busybox's shell, is not a start command a machine must run.
   */
  static final String START_LABEL = "dev.templatestudio.start";
  /** Image label holding the template's resources as JSON: the limits of its machines. */
  static final String RESOURCES_LABEL = "dev.templatestudio.resources";

  private StartCheck() {}

  /**
   * Writes the image and, when the template has a start command, checks that it gets ready;
   * unless {@code recheck}, a check the same image passed under the same limits before is
   * reported from the store ({@code ready} with status {@code cached}) instead of run again.
   */
  static ImageWriter.Written finish(Store store, Sandbox sandbox, Template template, ImageState image,
      EventLog log, ResourceLimits limits, LimitWarning warning, boolean recheck, BooleanSupplier cancelled)
      throws IOException, StepFailure, InterruptedException {
    ImageConfig.Config config = ImageEnvs.applied(image.config, image.inheritedRuntimeEnvs, template);
    Start start = template.start();
    Map<String, String> labels = new LinkedHashMap<>();
    if (start != null && start.ready() != null) {
      labels.put(READY_LABEL, readyJson(start.ready()));
    }
    if (template.resources() != null) {
      labels.put(RESOURCES_LABEL, TemplateJson.mapper().writerFor(Resources.class).writeValueAsString(template.resources()));
    }
    List<String> cmd = start != null && start.command() != null
        ? List.of("/bin/sh", "-c", start.command()) : null;
    if (cmd != null) {
      labels.put(START_LABEL, "true");
    }
    config = ImageConfigs.withStart(config, cmd, labels);
    ImageConfig full = new ImageConfig(ImageWriter.CREATED,
        image.architecture == null ? hostArchitecture() : image.architecture,
        image.os == null ? "linux" : image.os, config,
        new ImageConfig.RootFs("layers", image.diffIds), image.history);
    ImageWriter.Written written = ImageWriter.write(store.blobs(), full, new ArrayList<>(image.layers));
    if (cmd != null) {
      // The manifest digest names every layer, the start command, the ready check and the
      // resources; the limits are the build's own (--cpus, --memory-mb) and may differ.
      String under = String.valueOf(limits);
      Optional<ReadyChecks.Passed> passed = recheck ? Optional.empty()
          : store.ready().get(written.manifestDigest(), under);
      if (passed.isPresent()) {
        log.append(BuildEvent.of(BuildEvent.READY).status(BuildEvent.STATUS_CACHED)
            .message(passed.get().message()).build());
      } else {
        String message = startAndWait(store, sandbox, config, image, cmd, start.ready(),
            limits, warning, cancelled);
        store.ready().put(written.manifestDigest(), under, new ReadyChecks.Passed(message, Instant.now().toString(),
            written.manifestDigest()));
        log.append(BuildEvent.of(BuildEvent.READY).message(message).build());
      }
    }
    return written;
  }

  /**
   * Starts the machine in a network namespace of its own (as every machine: two builds whose
   * start commands listen on one port do not collide, and a process on the host's port makes
   * nothing ready), waits for its ready check, stops it; returns the ready message.
   */
  static String startAndWait(Store store, Sandbox sandbox, ImageConfig.Config config, ImageState image,
      List<String> cmd, Ready ready, ResourceLimits limits, LimitWarning warning, BooleanSupplier cancelled)
      throws IOException, StepFailure, InterruptedException {
    LayerStack stack = new LayerStack(image.lowersTopFirst());
    ImageUser user = ImageUser.resolve(config.user(), stack);
    Map<String, String> env = ImageConfigs.envMap(config);
    env.putIfAbsent("HOME", user.home());
    try (Machine machine = Machine.start(sandbox, store.work(), image.lowersTopFirst(), cmd, env,
        user, config.workingDir() == null ? "/" : config.workingDir(), limits, null, (stream, line) -> { }, true)) {
      warning.warnIf(0, machine.unenforced());
      return ReadyWaiter.await(machine, ready, env, user, cancelled);
    }
  }

  static String readyJson(Ready ready) throws JsonProcessingException {
    return TemplateJson.mapper().writerFor(Ready.class).writeValueAsString(ready);
  }

  static String hostArchitecture() {
    String arch = System.getProperty("os.arch", "amd64");
    return arch.equals("x86_64") ? "amd64" : arch.equals("aarch64") ? "arm64" : arch;
  }
}
