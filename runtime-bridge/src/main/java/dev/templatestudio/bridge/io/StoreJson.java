package dev.templatestudio.bridge.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The JSON mapper of the store's index files, and atomic read/write helpers for them. Readers
 * tolerate unknown fields so an older build of the app can read a newer store. Thread-safe.
 */
public final class StoreJson {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .build();

  private StoreJson() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Writes {@code value} as JSON to {@code file}: readers see the old file or the new one. */
  public static void write(Path file, Object value) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    AtomicWrite.write(file, MAPPER.writeValueAsBytes(value));
  }

  /**
   * Reads {@code file} as {@code type}; empty when it does not exist.
   *
   * @throws IOException naming the file when it is not the JSON it should be (a hand edit, a disk fault)
   */
  public static <T> Optional<T> read(Path file, Class<T> type) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    try {
      return Optional.of(MAPPER.readValue(bytes, type));
    } catch (JsonProcessingException e) {
      throw new IOException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }
}
