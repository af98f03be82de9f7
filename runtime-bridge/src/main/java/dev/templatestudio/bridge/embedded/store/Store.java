package dev.templatestudio.bridge.embedded.store;

import dev.templatestudio.bridge.plan.BuildHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The embedded runtime's store on disk: blobs, unpacked layers, the build cache, the template
 * index, build records and scratch space, all under one root on one file system. Every write
 * is atomic, so a process killed at any moment leaves a store the next one uses as is.
 * Thread- and process-safe.
 */
public final class Store {
  private final Path root;
  private final BlobStore blobs;
  private final LayerStore layers;
  private final CacheIndex cache;
  private final TemplateIndex templates;
  private final WorkDirs work;
  private final BuildHistory history;
  private final ReadyChecks ready;

  private Store(Path root) throws IOException {
    this.root = root;
    this.blobs = new BlobStore(root);
    this.work = new WorkDirs(root.resolve("work"));
    this.layers = new LayerStore(root.resolve("layers"), work);
    this.cache = new CacheIndex(root.resolve("cache"));
    this.templates = new TemplateIndex(root.resolve("templates"), root.resolve("locks/templates.lock"));
    this.history = BuildHistory.at(root.resolve("history"));
    this.ready = new ReadyChecks(root.resolve("ready"));
  }

  /** Opens (creating if needed) the store at {@code root}. */
  public static Store open(Path root) throws IOException {
    return new Store(Files.createDirectories(root.toAbsolutePath().normalize()));
  }

  /**
   * Where the store lives: {@code --store DIR} when given, else {@code $TEMPLATE_STUDIO_HOME},
   * else {@code ~/.local/share/template-studio} (CONTRACT.md §2), {@code ~} being {@link #userHome}.
   */
  public static Path location(String storeOption, Map<String, String> env) {
    if (storeOption != null && !storeOption.isBlank()) {
      return Path.of(storeOption).toAbsolutePath();
    }
    String home = env.get("TEMPLATE_STUDIO_HOME");
    if (home != null && !home.isBlank()) {
      return Path.of(home).toAbsolutePath();
    }
    return userHome(env).resolve(".local/share/template-studio");
  }

  /**
   * The user's home folder as the shell knows it: {@code $HOME} when set, else Java's {@code
   * user.home}. Java reads user.home from the password file, so alone it would ignore a HOME
   * set for one run ({@code HOME=/tmp/x template-studio …}), as ~ in the contract does not.
   */
  public static Path userHome(Map<String, String> env) {
    String home = env.get("HOME");
    return Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home")).toAbsolutePath();
  }

  public Path root() {
    return root;
  }

  public BlobStore blobs() {
    return blobs;
  }

  public LayerStore layers() {
    return layers;
  }

  public CacheIndex cache() {
    return cache;
  }

  public TemplateIndex templates() {
    return templates;
  }

  public WorkDirs work() {
    return work;
  }

  public BuildHistory history() {
    return history;
  }

  public ReadyChecks ready() {
    return ready;
  }
}
