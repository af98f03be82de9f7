package dev.templatestudio.bridge.plan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.templatestudio.bridge.build.BuildRequest;
import dev.templatestudio.bridge.context.CopySourceException;
import dev.templatestudio.bridge.context.CopySources;
import dev.templatestudio.bridge.context.DockerIgnore;
import dev.templatestudio.bridge.build.HashReuse;
import dev.templatestudio.bridge.plan.BuildHistory.StepRecord;
import dev.templatestudio.bridge.template.CopyStep;
import dev.templatestudio.bridge.template.Step;
import dev.templatestudio.bridge.template.Template;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * The cache keys of a whole build, worked out before anything runs: for each step (0 = the
 * base) its canonical JSON, the hashes of its input files and its key, chained from the base.
 * Also keeps the selected copy sources so the copy runs on exactly what was hashed.
 * Immutable once made. Every runtime plans with it, so they key steps and explain misses alike.
 */
public final class BuildPlan {
  private final List<StepRecord> steps;
  private final Map<Integer, List<CopySources.Entry>> copySources;
  private final int forcedFrom;

  private BuildPlan(List<StepRecord> steps, Map<Integer, List<CopySources.Entry>> copySources, int forcedFrom) {
    this.steps = List.copyOf(steps);
    this.copySources = Map.copyOf(copySources);
    this.forcedFrom = forcedFrom;
  }

  /** The copy steps' selected files and their hashes, by step index (1-based). */
  public record Inputs(Map<Integer, List<CopySources.Entry>> sources, Map<Integer, Map<String, String>> hashes) {
    /** These inputs and {@code more}'s, for other steps. */
    public Inputs plus(Inputs more) {
      Map<Integer, List<CopySources.Entry>> allSources = new HashMap<>(sources);
      allSources.putAll(more.sources);
      Map<Integer, Map<String, String>> allHashes = new HashMap<>(hashes);
      allHashes.putAll(more.hashes);
      return new Inputs(allSources, allHashes);
    }
  }

  /**
   * Selects and hashes every copy step's files: done before any step starts, so a source
   * outside the context fails the build at once, naming its step.
   */
  public static Inputs inputs(Template template, Path context) throws StepFailure, IOException {
    return inputs(template, context, i -> true);
  }

  /** {@link #inputs(Template, Path)} of the copy steps {@code which} takes (by 1-based index). */
  public static Inputs inputs(Template template, Path context, IntPredicate which) throws StepFailure, IOException {
    return inputs(template, context, which, HashReuse.NONE);
  }

  /** {@link #inputs(Template, Path, IntPredicate)}, hashing files as {@code reuse} says. */
  public static Inputs inputs(Template template, Path context, IntPredicate which, HashReuse reuse)
      throws StepFailure, IOException {
    Selector selector = new Selector(template, context, reuse);
    for (int i = 1; i <= template.steps().size(); i++) {
      // A copy from a stage or an image takes no context files.
      if (template.steps().get(i - 1) instanceof CopyStep c && c.from() == null && which.test(i)) {
        selector.select(i);
      }
    }
    return selector.selected();
  }

  /**
   * Selects and hashes the files of copy steps one at a time, reading {@code .dockerignore}
   * once; what it selected so far is {@link #selected}. One thread.
   */
  static final class Selector {
    private final Template template;
    private final Path context;
    private final HashReuse reuse;
    private final Map<Integer, List<CopySources.Entry>> sources = new HashMap<>();
    private final Map<Integer, Map<String, String>> hashes = new HashMap<>();
    private DockerIgnore ignore;

    Selector(Template template, Path context, HashReuse reuse) {
      this.template = template;
      this.context = context;
      this.reuse = reuse;
    }

    /** Selects the files of copy step {@code i} (1-based). */
    void select(int i) throws StepFailure, IOException {
      if (context == null || !java.nio.file.Files.isDirectory(context)) {
        throw new StepFailure("step " + i + ": a copy step needs a build context folder, and "
            + (context == null ? "none was given" : context + " is not one"));
      }
      reuse.check();
      if (ignore == null) {
        ignore = DockerIgnore.load(context);
      }
      try {
        List<CopySources.Entry> entries = CopySources.select(context, (CopyStep) template.steps().get(i - 1), ignore);
        sources.put(i, entries);
        hashes.put(i, InputHasher.hash(entries, reuse));
      } catch (CopySourceException e) {
        throw new StepFailure("step " + i + ": " + e.getMessage());
      }
    }

    Inputs selected() {
      return new Inputs(sources, hashes);
    }
  }

  /** The key chain from the resolved base through every step, as the steps are written. */
  public static BuildPlan make(Template template, String baseManifest, Inputs inputs) {
    return make(template, template.steps(), baseManifest, inputs);
  }

  /**
   * The key chain from the resolved base through every step; {@code expanded} are the steps
   * with their variables expanded ({@link BuildScope}), part of a key where they differ.
   */
  public static BuildPlan make(Template template, List<Step> expanded, String baseManifest, Inputs inputs) {
    return make(template, expanded, baseManifest, inputs, Map.of());
  }

  /**
   * As {@link #make(Template, List, String, Inputs)}, with {@code fromResults}: for each step
   * (1-based) that takes files from a stage or an image, that stage's result or that image's
   * manifest digest, part of its key ({@link StepCanon#withFromResult}). For a base naming a
   * stage, {@code baseManifest} is the stage's result.
   */
  public static BuildPlan make(Template template, List<Step> expanded, String baseManifest, Inputs inputs,
      Map<Integer, String> fromResults) {
    List<StepRecord> records = new ArrayList<>();
    JsonNode base = StepCanon.base(template.base(), baseManifest);
    String parent = StepCanon.key(null, base, null);
    records.add(new StepRecord(parent, base, Map.of()));
    int forcedFrom = -1;
    for (int i = 1; i <= template.steps().size(); i++) {
      Step step = template.steps().get(i - 1);
      if (step.force() && forcedFrom < 0) {
        forcedFrom = i;
      }
      JsonNode canonical = StepCanon.step(step, template, expanded.get(i - 1));
      if (fromResults.containsKey(i)) {
        canonical = StepCanon.withFromResult(canonical, fromResults.get(i));
      }
      Map<String, String> hashes = inputs.hashes().getOrDefault(i, Map.of());
      String inputsDigest = inputs.hashes().containsKey(i) ? InputHasher.combine(hashes) : null;
      parent = StepCanon.key(parent, canonical, inputsDigest);
      records.add(new StepRecord(parent, canonical, hashes));
    }
    return new BuildPlan(records, inputs.sources(), forcedFrom);
  }

  public String key(int step) {
    return steps.get(step).key();
  }

  /** Each step as planned, the base first. */
  public List<StepRecord> steps() {
    return steps;
  }

  /** The files copy step {@code step} (1-based) takes, exactly those hashed for its key. */
  public List<CopySources.Entry> copySources(int step) {
    return copySources.get(step);
  }

  /**
   * Why step {@code i} of {@code request}'s build missed the cache, against {@code previous}
   * (the last build's steps, or null), the same words on every runtime.
   */
  public String missReason(int i, List<StepRecord> previous, BuildRequest request) {
    return MissReasons.reason(i, steps, previous, request.noCache(), forcedFrom, request.template().force());
  }

  /** First step skipping the cache because of {@code force}; -1 when none. */
  public int forcedFrom() {
    return forcedFrom;
  }
}
