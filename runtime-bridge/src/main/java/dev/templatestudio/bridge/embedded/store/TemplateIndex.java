package dev.templatestudio.bridge.embedded.store;

import dev.templatestudio.bridge.build.TemplateInfo;
import dev.templatestudio.bridge.io.AtomicWrite;
import dev.templatestudio.bridge.io.Digests;
import dev.templatestudio.bridge.io.StoreJson;
import dev.templatestudio.bridge.template.TemplateNames;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The built templates: {@code ROOT/templates/<name>.json} per name, with the latest manifest
 * and the manifest each tag points at. The canonical ref of a build is
 * {@code name@sha256:<manifest digest>}. Updates are read-modify-write under a store lock and
 * atomic, so concurrent builds and readers never see half an entry. Thread- and process-safe.
 */
public final class TemplateIndex {
  /** Template names: lowercase, digits, and . _ - inside, as image repository names. */
  public static final Pattern NAME = TemplateNames.NAME;
  private final Path dir;
  private final Path lock;

  TemplateIndex(Path dir, Path lock) throws IOException {
    this.dir = Files.createDirectories(dir);
    this.lock = lock;
  }

  /** One template name: its latest manifest, tags → manifest digests, and the image size. */
  public record Entry(String name, String manifestDigest, Map<String, String> tags,
      Map<String, Long> sizes, String updated) {
    public Entry {
      tags = tags == null ? Map.of() : new TreeMap<>(tags);
      sizes = sizes == null ? Map.of() : new TreeMap<>(sizes);
    }

    public String ref() {
      return name + "@" + manifestDigest;
    }
  }

  /** A reference resolved to its name and manifest. */
  public record Resolved(String name, String manifestDigest) {
    public String ref() {
      return name + "@" + manifestDigest;
    }
  }

  public static boolean isValidTag(String tag) {
    return TemplateNames.isValidTag(tag);
  }

  /** Records a finished build: {@code name} now points at {@code manifestDigest}, as do its tags. */
  public Entry publish(String name, List<String> tags, String manifestDigest, long sizeBytes,
      String time) throws IOException {
    return StoreLock.with(lock, () -> {
      Entry old = read(name).orElse(null);
      Map<String, String> newTags = new LinkedHashMap<>(old == null ? Map.of() : old.tags());
      Map<String, Long> sizes = new LinkedHashMap<>(old == null ? Map.of() : old.sizes());
      for (String tag : tags) {
        newTags.put(tag, manifestDigest);
      }
      sizes.put(manifestDigest, sizeBytes);
      // Keep sizes only for manifests something still points at.
      java.util.Set<String> live = new java.util.HashSet<>(newTags.values());
      live.add(manifestDigest);
      sizes.keySet().retainAll(live);
      if (old != null && old.manifestDigest().equals(manifestDigest) && old.tags().equals(newTags)
          && old.sizes().equals(sizes)) {
        touch(name);
        return old; // a rebuild with the same result: nothing to write
      }
      Entry entry = new Entry(name, manifestDigest, newTags, sizes, time);
      StoreJson.write(file(name), entry);
      return entry;
    });
  }

  public Optional<Entry> read(String name) throws IOException {
    if (!NAME.matcher(name).matches()) {
      return Optional.empty();
    }
    return StoreJson.read(file(name), Entry.class);
  }

  /** Every template name, sorted, as one {@link TemplateInfo} per distinct manifest. */
  public List<TemplateInfo> list() throws IOException {
    List<Entry> entries = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
      for (Path f : files) {
        StoreJson.read(f, Entry.class).ifPresent(entries::add);
      }
    }
    entries.sort(Comparator.comparing(Entry::name));
    List<TemplateInfo> out = new ArrayList<>();
    for (Entry e : entries) {
      Map<String, List<String>> byDigest = new LinkedHashMap<>();
      byDigest.put(e.manifestDigest(), new ArrayList<>());
      e.tags().forEach((tag, digest) -> byDigest.computeIfAbsent(digest, d -> new ArrayList<>()).add(tag));
      byDigest.forEach((digest, tags) -> out.add(new TemplateInfo(e.name(), tags,
          e.name() + "@" + digest, e.sizes().getOrDefault(digest, 0L))));
    }
    return out;
  }

  /**
   * Resolves {@code name}, {@code name:tag} or {@code name@sha256:…}; empty when unknown.
   * A bare name means its latest build (or its tag {@code latest} when one exists).
   */
  public Optional<Resolved> resolve(String ref) throws IOException {
    int at = ref.indexOf('@');
    if (at > 0) {
      String name = ref.substring(0, at);
      String digest = ref.substring(at + 1);
      return Digests.isSha256(digest) && NAME.matcher(name).matches()
          ? Optional.of(new Resolved(name, digest)) : Optional.empty();
    }
    int colon = ref.lastIndexOf(':');
    String name = colon > 0 ? ref.substring(0, colon) : ref;
    String tag = colon > 0 ? ref.substring(colon + 1) : null;
    Optional<Entry> entry = read(name);
    if (entry.isEmpty()) {
      return Optional.empty();
    }
    Entry e = entry.get();
    if (tag == null || (tag.equals("latest") && !e.tags().containsKey("latest"))) {
      return Optional.of(new Resolved(name, e.tags().getOrDefault("latest", e.manifestDigest())));
    }
    String digest = e.tags().get(tag);
    return digest == null ? Optional.empty() : Optional.of(new Resolved(name, digest));
  }

  /** Marks the template as used now (built, run, built upon): prune --all drops the least recently used first. */
  public void touch(String name) {
    try {
      Files.setLastModifiedTime(file(name), FileTime.fromMillis(System.currentTimeMillis()));
    } catch (IOException | IllegalArgumentException e) {
      // Only prune's order is affected.
    }
  }

  /** Every template name's entry, unsorted (for prune). */
  public List<Entry> entries() throws IOException {
    List<Entry> entries = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
      for (Path f : files) {
        StoreJson.read(f, Entry.class).ifPresent(entries::add);
      }
    }
    return entries;
  }

  /** Forgets template {@code name} and its tags, under the index's lock (for prune --all). */
  public void remove(String name) throws IOException {
    StoreLock.with(lock, () -> {
      Files.deleteIfExists(file(name));
      AtomicWrite.fsyncDir(dir);
      return null;
    });
  }

  /** The entry's file (for prune: its time of last use). */
  public Path file(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a template name: " + name);
    }
    return dir.resolve(name + ".json");
  }
}
