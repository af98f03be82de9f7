package dev.templatestudio.bridge.server;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.templatestudio.bridge.io.Digests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The manifest of a build context sent file by file (docs/REMOTE.md, "Contexts by file"):
 * {@code {"manifest":1,"entries":[{"path","type":"dir|file|symlink","mode","uid","gid","mtime",
 * "size","sha256","target"}…]}}. Read as a hostile stranger wrote it: the body is bounded, so
 * are the entries, each name and the content's total; a path must be relative and canonical
 * (no {@code ..}, {@code .}, empty or absolute part), given once, and never below a path listed
 * as a symlink or a file, so an assembled context can never reach outside its folder or be
 * written through a symlink. Every refusal is one sentence naming the entry. Immutable.
 *
 * @param digest       the sha256 of the manifest's bytes, the context's name
 * @param entries      in the order given, each parent before its children
 * @param contentBytes what its files hold together
 */
record UploadManifest(String digest, List<Entry> entries, long contentBytes) {
  /** The largest manifest body taken. */
  static final int MAX_BYTES = 16 << 20;
  /** The most entries a context may have (files, directories and symlinks together). */
  static final int MAX_ENTRIES = 100_000;
  private static final int MAX_PATH = 4096;
  private static final int MAX_NAME = 255;
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  enum Type { DIR, FILE, SYMLINK }

  /** One path of the context; {@code sha256} and {@code size} for files, {@code target} for symlinks. */
  record Entry(String path, Type type, int mode, int uid, int gid, long mtime, long size, String sha256,
      String target) {}

  /**
   * Reads and checks {@code body}; {@code maxContentBytes} bounds the files' total (0: none).
   *
   * @throws ApiError 400 for a manifest that is not one or an entry refused, 413 past a bound
   */
  static UploadManifest read(byte[] body, long maxContentBytes) throws ApiError {
    if (body.length > MAX_BYTES) {
      throw new ApiError(413, "a context manifest is at most " + MAX_BYTES + " bytes; send a context this "
          + "large as a tar (PUT /v1/contexts/{sha256})");
    }
    List<Entry> entries = new ArrayList<>();
    try (JsonParser p = Exchanges.JSON.getFactory().createParser(body)) {
      expect(p.nextToken() == JsonToken.START_OBJECT, "the context manifest must be a JSON object");
      boolean versioned = false;
      boolean listed = false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (field.equals("manifest")) {
          expect(value == JsonToken.VALUE_NUMBER_INT && p.getIntValue() == 1,
              "this server reads context manifests of version 1 (\"manifest\": 1)");
          versioned = true;
        } else if (field.equals("entries")) {
          expect(value == JsonToken.START_ARRAY, "\"entries\" must be an array");
          readEntries(p, entries);
          listed = true;
        } else {
          p.skipChildren();
        }
      }
      expect(versioned && listed, "the context manifest needs \"manifest\": 1 and \"entries\"");
    } catch (JsonProcessingException e) {
      throw new ApiError(400, "the context manifest is not valid JSON" + (e.getLocation() == null ? ""
          : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
    } catch (IOException e) {
      throw new ApiError(400, "the context manifest could not be read");
    }
    long total = check(entries, maxContentBytes);
    String digest = HexFormat.of().formatHex(Digests.sha256().digest(body));
    return new UploadManifest(digest, List.copyOf(entries), total);
  }

  /** The distinct content hashes its files need, in first-use order. */
  List<String> contents() {
    return entries.stream().filter(e -> e.type() == Type.FILE).map(Entry::sha256).distinct().toList();
  }

  private static void readEntries(JsonParser p, List<Entry> entries) throws IOException, ApiError {
    while (p.nextToken() != JsonToken.END_ARRAY) {
      int index = entries.size();
      if (index >= MAX_ENTRIES) {
        throw new ApiError(413, "the context manifest lists more than " + MAX_ENTRIES + " entries, the most a "
            + "context sent by file may have; send it as a tar (PUT /v1/contexts/{sha256})");
      }
      expect(p.currentToken() == JsonToken.START_OBJECT, "entry " + index + " of the context manifest must be an object");
      Map<String, Object> f = new HashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        Object value = switch (t) {
          case VALUE_STRING -> p.getText();
          case VALUE_NUMBER_INT -> p.getLongValue();
          default -> refuseValue(p, index, name);
        };
        if (f.put(name, value) != null) {
          throw refused(index, String.valueOf(f.get("path")), "it gives \"" + name + "\" twice");
        }
      }
      entries.add(entry(index, f));
    }
  }

  private static Object refuseValue(JsonParser p, int index, String name) throws ApiError {
    throw new ApiError(400, "entry " + index + " of the context manifest was refused: \"" + name
        + "\" must be a string or a whole number");
  }

  private static Entry entry(int index, Map<String, Object> f) throws ApiError {
    String path = string(f, "path", index, null);
    String typeName = string(f, "type", index, path);
    Type type = switch (typeName) {
      case "dir" -> Type.DIR;
      case "file" -> Type.FILE;
      case "symlink" -> Type.SYMLINK;
      default -> throw refused(index, path, "its type \"" + typeName + "\" is not dir, file or symlink, the only "
          + "kinds a build context holds");
    };
    int mode = (int) number(f, "mode", index, path, 0, 07777, type == Type.SYMLINK ? 0777 : -1);
    int uid = (int) number(f, "uid", index, path, 0, Integer.MAX_VALUE, 0);
    int gid = (int) number(f, "gid", index, path, 0, Integer.MAX_VALUE, 0);
    // Years 1 to 9999: whatever a file system records, nothing a time cannot hold.
    long mtime = number(f, "mtime", index, path, -62_135_596_800L, 253_402_300_799L, 0);
    long size = 0;
    String sha256 = null;
    String target = null;
    if (type == Type.FILE) {
      size = number(f, "size", index, path, 0, Long.MAX_VALUE, -1);
      sha256 = string(f, "sha256", index, path);
      if (!HEX.matcher(sha256).matches()) {
        throw refused(index, path, "its sha256 is not 64 lowercase hex digits");
      }
    } else if (type == Type.SYMLINK) {
      target = string(f, "target", index, path);
      if (target.isEmpty() || target.indexOf('\0') >= 0 || target.length() > MAX_PATH) {
        throw refused(index, path, "a symlink needs a target of 1 to " + MAX_PATH + " characters without NUL");
      }
    }
    return new Entry(path, type, mode, uid, gid, mtime, size, sha256, target);
  }

  /**
   * Checks the paths as a whole; returns the files' total size. A folder not listed (a
   * {@code .dockerignore} may leave it out and take a file in it back) is made for what is in
   * it, as unpacking a tar makes it; it may be listed later as a directory, never as anything else.
   */
  private static long check(List<Entry> entries, long maxContentBytes) throws ApiError {
    Map<String, Type> seen = new HashMap<>();
    Set<String> implicit = new HashSet<>();
    long total = 0;
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      checkPath(i, e.path());
      for (int slash = e.path().lastIndexOf('/'); slash > 0; slash = e.path().lastIndexOf('/', slash - 1)) {
        String folder = e.path().substring(0, slash);
        Type type = seen.putIfAbsent(folder, Type.DIR);
        if (type == null) {
          implicit.add(folder);
        } else if (type != Type.DIR) {
          throw refused(i, e.path(), "its folder " + folder + " is a " + type.name().toLowerCase(java.util.Locale.ROOT)
              + " in this manifest, and nothing is assembled through one");
        } else {
          break;
        }
      }
      Type before = seen.put(e.path(), e.type());
      if (before != null && !(e.type() == Type.DIR && implicit.remove(e.path()))) {
        throw refused(i, e.path(), implicit.contains(e.path()) ? "it would replace the folder of entries before it"
            : "it is listed twice");
      }
      total += e.size();
      if (maxContentBytes > 0 && total > maxContentBytes) {
        throw new ApiError(413, "the context's files hold more than the " + maxContentBytes + " bytes this server "
            + "accepts (serve --max-context-mb); leave big files out of it with .dockerignore");
      }
    }
    return total;
  }

  private static void checkPath(int index, String path) throws ApiError {
    if (path.isEmpty() || path.startsWith("/") || path.indexOf('\\') >= 0 || path.indexOf('\0') >= 0) {
      throw refused(index, path, "paths must be relative, slash-separated and without NUL");
    }
    if (path.getBytes(StandardCharsets.UTF_8).length > MAX_PATH) {
      throw refused(index, path, "a path has at most " + MAX_PATH + " bytes");
    }
    for (String part : path.split("/", -1)) {
      if (part.equals("..")) {
        throw refused(index, path, "it climbs out of the context with \"..\"");
      }
      if (part.isEmpty() || part.equals(".")) {
        throw refused(index, path, "a path is written without empty or \".\" parts");
      }
      if (part.getBytes(StandardCharsets.UTF_8).length > MAX_NAME) {
        throw refused(index, path, "a name in a path has at most " + MAX_NAME + " bytes");
      }
    }
  }

  private static String string(Map<String, Object> f, String name, int index, String path) throws ApiError {
    if (!(f.get(name) instanceof String s)) {
      throw refused(index, path, "it needs \"" + name + "\" as a string");
    }
    return s;
  }

  /** A whole number in [min, max]; {@code absent} when missing, or refused when that is -1. */
  private static long number(Map<String, Object> f, String name, int index, String path, long min, long max,
      long absent) throws ApiError {
    Object v = f.get(name);
    if (v == null && absent != -1) {
      return absent;
    }
    if (!(v instanceof Long n) || n < min || n > max) {
      throw refused(index, path, "it needs \"" + name + "\" as a whole number from " + min + " to " + max);
    }
    return n;
  }

  private static ApiError refused(int index, String path, String why) {
    // A hostile path can be megabytes long: the sentence quotes its start only.
    String shown = path == null || path.length() <= 200 ? path : path.substring(0, 200) + "…";
    return new ApiError(400, "entry " + index + (shown == null ? "" : " (\"" + shown + "\")")
        + " of the context manifest was refused: " + why);
  }

  private static void expect(boolean condition, String message) throws ApiError {
    if (!condition) {
      throw new ApiError(400, message);
    }
  }
}
