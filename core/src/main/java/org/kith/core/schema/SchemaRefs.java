package org.kith.core.schema;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code $ref}s of a schema that point at Kith schemas. A reference is either absolute
 * ({@code https://kith.dev/schemas/ss_NZ_Person#/...}) or relative to that base ({@code ss_NZ_Person}); local
 * references ({@code #/$defs/x}) and references to resources embedded with their own {@code $id} stay inside
 * the schema; any other absolute URI would need the network and is refused.
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
    Set<URI> embedded = new LinkedHashSet<>();
    List<URI> refs = new ArrayList<>();
    List<String> invalid = new ArrayList<>();
    collect(schema, SELF, embedded, refs, invalid);
    foreign.addAll(invalid);
    for (URI ref : refs) {
      URI target = withoutFragment(ref);
      String text = target.toString();
      if (target.equals(SELF) || embedded.contains(target)) {
        continue; // stays inside this schema
      }
      if (text.startsWith(BASE)) {
        Optional<SchemaName> name = SchemaName.parse(text.substring(BASE.length()));
        if (name.isPresent()) {
          kith.add(name.get());
          continue;
        }
      }
      if ("json-schema.org".equalsIgnoreCase(target.getHost())) {
        continue; // the meta-schemas ship with the validator
      }
      foreign.add(ref.toString());
    }
    return new Found(kith, foreign);
  }

  /** Base URI of a schema without its own {@code $id}: relative refs like {@code ss_NZ_Person} resolve to Kith. */
  private static final URI SELF = URI.create(BASE + "-self");

  private static void collect(
      Object node, URI base, Set<URI> embedded, List<URI> refs, List<String> invalid) {
    if (node instanceof Map<?, ?> map) {
      URI here = base;
      Object id = map.get("$id");
      if (id instanceof String s) {
        try {
          here = base.resolve(new URI(s));
          embedded.add(withoutFragment(here));
        } catch (URISyntaxException | IllegalArgumentException e) {
          invalid.add(s);
        }
      }
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (("$ref".equals(e.getKey()) || "$dynamicRef".equals(e.getKey()))
            && e.getValue() instanceof String ref) {
          if (ref.startsWith("#")) {
            continue; // a fragment of the current resource: inside, whatever the base's scheme
          }
          try {
            refs.add(here.resolve(new URI(ref)));
          } catch (URISyntaxException | IllegalArgumentException ex) {
            invalid.add(ref);
          }
        } else if (!"enum".equals(e.getKey())
            && !"const".equals(e.getKey())
            && !"examples".equals(e.getKey())) {
          collect(e.getValue(), here, embedded, refs, invalid);
        }
      }
    } else if (node instanceof List<?> list) {
      list.forEach(v -> collect(v, base, embedded, refs, invalid));
    }
  }

  private static URI withoutFragment(URI uri) {
    try {
      return new URI(uri.getScheme(), uri.getSchemeSpecificPart(), null);
    } catch (URISyntaxException e) {
      return uri;
    }
  }

  /** The absolute URI of a Kith schema. */
  public static String uri(SchemaName name) {
    return BASE + name.full();
  }

  /**
   * Bundles a schema with every Kith schema it references, transitively, as embedded resources under
   * {@code $defs} (each keeps its own {@code $id}), the standard way to make a schema self-contained.
   */
  public static Map<String, Object> bundle(
      Map<String, Object> root, Map<String, Map<String, Object>> referenced) {
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
}
