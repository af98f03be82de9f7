package dev.templatestudio.bridge.plan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.templatestudio.bridge.io.StoreJson;
import dev.templatestudio.bridge.template.TemplateNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the last build of each template name looked like, step by step: the cache key, the
 * step's canonical JSON and the hash of each input file. A cache miss is explained by
 * comparing with it. {@code ROOT/history/<name>.json}, written atomically at the end of a
 * build. Thread- and process-safe.
 */
public final class BuildHistory {
  private final Path dir;

  private BuildHistory(Path dir) throws IOException {
    this.dir = Files.createDirectories(dir);
  }

  /** The history kept in {@code dir}: the store's, or the docker runtime's apart from it. */
  public static BuildHistory at(Path dir) throws IOException {
    return new BuildHistory(dir);
  }

  /** One step of a build as planned: index 0 is the base. */
  public record StepRecord(String key, JsonNode canonical, Map<String, String> inputs) {
    public StepRecord {
      inputs = inputs == null ? Map.of() : Map.copyOf(inputs);
    }
  }

  /**
   * The steps of one build, base first, and those of each build stage it built, by stage name
   * (absent from the file when there were none).
   */
  @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
  public record Record(List<StepRecord> steps, Map<String, List<StepRecord>> stages) {
    public Record {
      steps = steps == null ? List.of() : List.copyOf(steps);
      stages = stages == null ? Map.of() : Map.copyOf(stages);
    }

    public Record(List<StepRecord> steps) {
      this(steps, null);
    }
  }

  public Optional<Record> last(String name) throws IOException {
    if (!TemplateNames.NAME.matcher(name).matches()) {
      return Optional.empty();
    }
    return StoreJson.read(dir.resolve(name + ".json"), Record.class);
  }

  /** Records the steps of the last build of {@code name}; an unchanged record is not rewritten. */
  public void save(String name, Record record) throws IOException {
    if (!record.equals(last(name).orElse(null))) {
      StoreJson.write(dir.resolve(name + ".json"), record);
    }
  }
}
