package org.kith.api.profile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.kith.core.authz.Permission;
import org.kith.core.authz.Subject;
import org.kith.core.profile.Grant;
import org.kith.core.profile.ProfileObject;
import org.kith.core.profile.Relationship;

/** JSON shapes of the contract ({@code n_id}, {@code p_id}, ...), built as ordered maps. */
public final class Views {
  private Views() {}

  static Map<String, Object> object(ProfileObject o, @Nullable Permission permission,
      @Nullable Map<String, String> formatMap, boolean kvp) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("n_id", o.nId());
    m.put("labels", o.labels());
    m.put("schema", o.schema());
    Map<String, Object> props = o.properties();
    if (formatMap != null && !formatMap.isEmpty()) {
      Map<String, Object> renamed = new LinkedHashMap<>();
      props.forEach((k, v) -> renamed.put(formatMap.getOrDefault(k, k), v));
      props = renamed;
    }
    if (kvp) {
      List<Map<String, Object>> pairs = new ArrayList<>();
      props.forEach((k, v) -> {
        Map<String, Object> pair = new LinkedHashMap<>();
        pair.put("key", k);
        pair.put("value", v);
        pairs.add(pair);
      });
      m.put("properties", pairs);
    } else {
      m.put("properties", props);
    }
    if (permission != null) {
      m.put("permission", permission.name());
    }
    if (o.document() != null) {
      m.put("document", Map.of("type", o.document().contentType(), "size", o.document().size(),
          "sha256", o.document().sha256()));
    }
    m.put("created_at", o.createdAt().toString());
    m.put("updated_at", o.updatedAt().toString());
    return m;
  }

  public static Map<String, Object> object(ProfileObject o) {
    return object(o, null, null, false);
  }

  public static Map<String, Object> relationship(Relationship r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("p_id", r.pId());
    m.put("type", r.type());
    m.put("start", r.start());
    m.put("end", r.end());
    m.put("properties", r.properties());
    return m;
  }

  static Map<String, Object> grant(Grant g) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("p_id", g.pId());
    m.put("type", g.permission().name());
    m.put("permission", g.permission().name());
    m.put(g.subject().kind() == Subject.Kind.USER ? "u_id" : "g_id", g.subject().id());
    m.put("start", g.subject().id());
    m.put("end", g.nId());
    m.put("cascade", g.cascade());
    return m;
  }
}
