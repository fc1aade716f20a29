package org.kith.core.schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code $ref}s of a schema that point at Kith schemas. A reference is either absolute
 * ({@code https://kith.dev/schemas/ss_NZ_Person#/...}) or relative to that base ({@code ss_NZ_Person}); local
 * references ({@code #/$defs/x}) stay inside the schema; anything else would need the network and is refused.
 */
public final class SchemaRefs {
  /** The base URI of every Kith schema's {@code $id}. */
  public static final String BASE = "https://kith.dev/schemas/";

  private SchemaRefs() {}

  /** What a schema's {@code $ref}s point at. */
  public record Found(Set<SchemaName> kith, List<String> foreign) {}

  public static Found scan(Object schema) {
    Set<SchemaName> kith = new LinkedHashSet<>();
    List<String> foreign = new ArrayList<>();
    walk(schema, ref -> {
      if (ref.startsWith("#")) {
        return;
      }
      String target = ref.startsWith(BASE) ? ref.substring(BASE.length()) : ref;
      int hash = target.indexOf('#');
      String name = hash >= 0 ? target.substring(0, hash) : target;
      SchemaName.parse(name).ifPresentOrElse(kith::add, () -> foreign.add(ref));
    });
    return new Found(kith, foreign);
  }

  /** The absolute URI of a Kith schema. */
  public static String uri(SchemaName name) {
    return BASE + name.full();
  }

  /**
   * Bundles a schema with every Kith schema it references, transitively, as embedded resources under
   * {@code $defs} (each keeps its own {@code $id}), the standard way to make a schema self-contained.
   */
  public static Map<String, Object> bundle(Map<String, Object> root, Map<String, Map<String, Object>> referenced) {
    Map<String, Object> out = new LinkedHashMap<>(root);
    Object existing = out.get("$defs");
    Map<String, Object> defs = existing instanceof Map<?, ?> m ? copy(m) : new LinkedHashMap<>();
    referenced.forEach((name, schema) -> {
      Map<String, Object> embedded = new LinkedHashMap<>(schema);
      embedded.remove("$schema");
      embedded.put("$id", BASE + name);
      defs.put(name, embedded);
    });
    if (!defs.isEmpty()) {
      out.put("$defs", defs);
    }
    return out;
  }

  private static Map<String, Object> copy(Map<?, ?> m) {
    Map<String, Object> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }

  private static void walk(Object node, java.util.function.Consumer<String> onRef) {
    if (node instanceof Map<?, ?> map) {
      map.forEach((k, v) -> {
        if (("$ref".equals(k) || "$dynamicRef".equals(k)) && v instanceof String s) {
          onRef.accept(s);
        } else {
          walk(v, onRef);
        }
      });
    } else if (node instanceof List<?> list) {
      list.forEach(v -> walk(v, onRef));
    }
  }
}
