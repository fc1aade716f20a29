package org.kith.graph.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * JSON for what Kith stores as text: decimals are read as {@link java.math.BigDecimal} and integers at
 * their natural size, so user data round-trips exactly; canonical JSON (RFC 8785) and SHA-256 for the
 * audit chain. Thread-safe.
 */
public final class Json {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .disable(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
      .build();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private static final TypeReference<List<Object>> LIST = new TypeReference<>() {};

  private Json() {}

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not serialisable as JSON", e);
    }
  }

  public static Map<String, Object> readObject(String json) {
    try {
      return MAPPER.readValue(json, MAP);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON is corrupt", e);
    }
  }

  public static List<Object> readList(String json) {
    try {
      return MAPPER.readValue(json, LIST);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON is corrupt", e);
    }
  }

  /** RFC 8785 canonical form of a JSON value. */
  public static String canonical(Object value) {
    try {
      return new JsonCanonicalizer(write(value)).getEncodedString();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot canonicalise", e);
    }
  }

  /** Lower-case hex SHA-256 of the canonical form. */
  public static String sha256(Object value) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256")
              .digest(canonical(value).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
