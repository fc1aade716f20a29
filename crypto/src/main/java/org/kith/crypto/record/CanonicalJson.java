package org.kith.crypto.record;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.erdtman.jcs.JsonCanonicalizer;
import org.jspecify.annotations.Nullable;

/**
 * RFC 8785 (JCS) canonical JSON: the bytes a record's signature covers. Key order, whitespace and number
 * spelling ({@code 1.0}, {@code 1e0}) do not change them. Numbers are IEEE-754 doubles, as JCS requires, so
 * integers beyond 2^53 are not represented exactly. Thread-safe.
 */
public final class CanonicalJson {
  static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private CanonicalJson() {}

  /** Canonical UTF-8 bytes of a JSON value given as Java objects (maps, lists, strings, numbers, booleans). */
  public static byte[] of(@Nullable Object value) {
    try {
      return ofJson(MAPPER.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a JSON value", e);
    }
  }

  /** Canonical UTF-8 bytes of JSON text. */
  public static byte[] ofJson(String json) {
    try {
      return new JsonCanonicalizer(json).getEncodedString().getBytes(StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not canonicalisable JSON: " + e.getMessage(), e);
    }
  }

  /** Canonical text of a JSON value. */
  public static String text(@Nullable Object value) {
    return new String(of(value), StandardCharsets.UTF_8);
  }

  /** Parses JSON text into maps, lists and scalars (for callers that hold JSON text). */
  static Object parse(String json) {
    try {
      return MAPPER.readValue(json, Object.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON", e);
    }
  }
}
