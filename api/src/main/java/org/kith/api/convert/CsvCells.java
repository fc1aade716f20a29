package org.kith.api.convert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What one CSV cell holds, so that a conversion back gives the same JSON value: an empty cell is a field the row
 * does not have; {@code 12}, {@code 1.5}, {@code true}, {@code false}, {@code null}, {@code []} and {@code {}} are
 * those JSON values; any other text is that string. A string that would read as one of those, is empty, starts
 * with a quote, or starts like a spreadsheet formula ({@code = + - @}, tab, carriage return) is written as a JSON
 * string literal ({@code "123"}), which also keeps spreadsheets from running it.
 */
final class CsvCells {
  /** Numbers with a fraction or exponent read as BigDecimal: a cell's digits are not rounded through a double. */
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .build();

  private static final Pattern NUMBER =
      Pattern.compile("-?(?:0|[1-9]\\d*)(?:\\.\\d+)?(?:[eE][+-]?\\d+)?");

  private CsvCells() {}

  /** The cell for a JSON scalar or empty container. */
  static String write(JsonNode value) {
    if (value.isTextual()) {
      String s = value.textValue();
      return needsQuotes(s) ? value.toString() : s;
    }
    return value.toString(); // numbers keep their digits, booleans, null, [] and {}
  }

  /** The JSON value of a cell; null for an empty cell (a field the row does not have). */
  static @Nullable JsonNode read(String cell) throws JsonProcessingException {
    if (cell.isEmpty()) {
      return null;
    }
    if (cell.charAt(0) == '"') {
      JsonNode quoted = JSON.readTree(cell);
      if (!quoted.isTextual()) {
        throw new IllegalArgumentException("a cell that starts with \" is a JSON string literal");
      }
      return quoted;
    }
    if (isLiteral(cell)) {
      return JSON.readTree(cell);
    }
    return TextNode.valueOf(cell);
  }

  private static boolean needsQuotes(String s) {
    if (s.isEmpty() || isLiteral(s)) {
      return true;
    }
    char c = s.charAt(0);
    return c == '"' || c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
  }

  private static boolean isLiteral(String s) {
    return switch (s) {
      case "true", "false", "null", "[]", "{}" -> true;
      default -> NUMBER.matcher(s).matches();
    };
  }
}
