package dev.templatestudio.bridge.template;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and writes {@code *.template.json} documents (CONTRACT.md §3). Thread-safe. */
public final class TemplateJson {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
      // "port": 80.5 or "80" is a mistake to point at, not a value to guess.
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .withCoercionConfig(LogicalType.Integer, c -> c
          .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.String, CoercionAction.Fail))
      .withCoercionConfig(LogicalType.Float, c -> c
          .setCoercion(CoercionInputShape.String, CoercionAction.Fail))
      .withCoercionConfig(LogicalType.Boolean, c -> c
          .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
      .build();
  private static final ObjectWriter WRITER = MAPPER.writer(
      new DefaultPrettyPrinter(Separators.createDefaultInstance()
          .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
          .withObjectIndenter(new DefaultIndenter("  ", "\n"))
          .withArrayIndenter(new DefaultIndenter("  ", "\n")));

  private TemplateJson() {}

  /** The shared mapper, configured as the template format requires. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Reads a template from a file, the one way every reader should: strict UTF-8 (a byte that
   * is not UTF-8 is a format error at its line), the file name as the place of any error.
   */
  public static Template read(Path file) throws IOException, TemplateFormatException {
    return read(Files.readAllBytes(file), file.toString());
  }

  /**
   * Reads a template from the bytes of a file, as {@link #read(Path)} does; {@code source} names
   * the file in errors.
   */
  public static Template read(byte[] bytes, String source) throws TemplateFormatException {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      int bad = in.position();
      int line = 1;
      int lineStart = 0;
      for (int i = 0; i < bad; i++) {
        if (bytes[i] == '\n') {
          line++;
          lineStart = i + 1;
        }
      }
      throw new TemplateFormatException(source, line, bad - lineStart + 1, "$",
          String.format("the file is not UTF-8 text (byte 0x%02x); a template is saved as UTF-8",
              bytes[bad] & 0xff));
    }
    decoder.flush(out);
    return read(out.flip().toString(), source);
  }

  /**
   * Parses a template document.
   *
   * @param source the name errors are reported under, usually the file name
   * @throws TemplateFormatException when the text is not a valid template document
   */
  public static Template read(String text, String source) throws TemplateFormatException {
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    if (text.isBlank()) {
      throw new TemplateFormatException(source, 1, 1, "$", "the file is empty; a template is a JSON object");
    }
    Template template;
    try {
      template = MAPPER.readValue(text, Template.class);
    } catch (JsonProcessingException e) {
      throw translate(e, source);
    }
    if (template == null) {
      throw new TemplateFormatException(source, 1, 1, "$", "a template is a JSON object, not null");
    }
    if (!Template.SCHEMA.equals(template.schema())) {
      throw new TemplateFormatException(source, 1, 1, "$.schema",
          "unknown schema \"" + template.schema() + "\"; this version reads \"" + Template.SCHEMA + "\"");
    }
    if (template.base() == null) {
      throw new TemplateFormatException(source, 1, 1, "$.base",
          "missing required field \"base\" (an image or a template to start from)");
    }
    return template;
  }

  /** The document as pretty JSON with a final newline; fields in the contract's order. */
  public static String write(Template template) {
    try {
      return WRITER.writeValueAsString(template) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a template always serialises", e);
    }
  }

  private static TemplateFormatException translate(JsonProcessingException e, String source) {
    JsonLocation where = e.getLocation();
    int line = where == null ? 1 : Math.max(1, where.getLineNr());
    int column = where == null ? 1 : Math.max(1, where.getColumnNr());
    String path = e instanceof JsonMappingException m ? JsonPaths.of(m.getPath()) : "$";
    return new TemplateFormatException(source, line, column, path, reasonOf(e));
  }

  private static String reasonOf(JacksonException e) {
    if (e instanceof UnrecognizedPropertyException u) {
      return "unknown field \"" + u.getPropertyName() + "\"";
    }
    if (e instanceof InvalidTypeIdException t) {
      return t.getTypeId() == null
          ? "missing field \"type\""
          : "unknown type \"" + t.getTypeId() + "\"";
    }
    String message = e.getOriginalMessage();
    if (e instanceof MismatchedInputException && message.startsWith("Missing required creator property")) {
      int open = message.indexOf('\'');
      int close = message.indexOf('\'', open + 1);
      return "missing required field \"" + message.substring(open + 1, close) + "\"";
    }
    if (e instanceof MismatchedInputException mi && mi.getTargetType() != null) {
      return "expected " + JsonPaths.kindOf(mi.getTargetType()) + " here";
    }
    int cut = message.indexOf(" at [Source");
    message = cut >= 0 ? message.substring(0, cut) : message;
    int nl = message.indexOf('\n');
    message = nl >= 0 ? message.substring(0, nl) : message;
    return "not valid JSON: " + message;
  }
}
