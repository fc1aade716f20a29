package org.kith.graph.profile;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.kith.graph.json.Json;

/**
 * How user JSON lives on a node: the exact document in {@code _json}, plus copies of its top-level scalars
 * (and lists of scalars) as ordinary properties so analysts can query them in Cypher. Keys starting with
 * {@code _} and {@code n_id}/{@code p_id} are Kith's and are not copied.
 */
final class GraphValues {
  private GraphValues() {}

  static Map<String, Object> withCopies(
      Map<String, Object> properties, Map<String, Object> internal) {
    Map<String, Object> out = new HashMap<>();
    properties.forEach((k, v) -> {
      if (!k.startsWith("_")
          && !k.equals("n_id")
          && !k.equals("p_id")
          && !k.isEmpty()
          && k.length() <= 200) {
        Object copy = copy(v);
        if (copy != null) {
          out.put(k, copy);
        }
      }
    });
    out.put("_json", Json.write(properties));
    out.putAll(internal);
    return out;
  }

  private static @Nullable Object copy(@Nullable Object v) {
    if (v instanceof String || v instanceof Boolean) {
      return v;
    }
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof BigInteger b) {
      return b.bitLength() < 64 ? b.longValue() : null;
    }
    if (v instanceof BigDecimal || v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      return Double.isFinite(d) ? d : null;
    }
    if (v instanceof List<?> list && !list.isEmpty()) {
      List<Object> copies = new ArrayList<>();
      Class<?> kind = null;
      for (Object item : list) {
        Object c = copy(item);
        if (c == null || c instanceof List<?> || (kind != null && !kind.equals(c.getClass()))) {
          return null;
        }
        kind = c.getClass();
        copies.add(c);
      }
      return copies;
    }
    return null;
  }
}
