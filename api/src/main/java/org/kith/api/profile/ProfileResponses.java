package org.kith.api.profile;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
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

/**
 * Response bodies of the /v1/db and /v1/public profile routes; the application's naming strategy writes their
 * components in snake_case ({@code n_id}, {@code p_id}, ...). Absent optional parts are left out, not null.
 */
public final class ProfileResponses {
  private ProfileResponses() {}

  /** A stored document's description (its content is read separately). */
  public record DocumentInfo(String type, long size, String sha256) {}

  /** A profile object as the caller sees it. */
  public record ProfileObjectView(
      String nId,
      List<String> labels,
      String schema,

      @Schema(
          description = "the schema-valid properties, or with format=kvp a list of {key, value}")
      Object properties,

      @JsonInclude(JsonInclude.Include.NON_NULL)
      @Schema(description = "in reads: the caller's permission")
      @Nullable
      String permission,

      @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable DocumentInfo document,
      String createdAt,
      String updatedAt) {

    public static ProfileObjectView of(ProfileObject o) {
      return of(o, null, null, false);
    }

    static ProfileObjectView of(
        ProfileObject o,
        @Nullable Permission permission,
        @Nullable Map<String, String> formatMap,
        boolean kvp) {
      Map<String, Object> props = o.properties();
      if (formatMap != null && !formatMap.isEmpty()) {
        // the reference's direction: output name → property name; properties no entry names keep
        // theirs
        Map<String, Object> source = props;
        Map<String, Object> renamed = new LinkedHashMap<>();
        formatMap.forEach((output, property) -> {
          if (source.containsKey(property)) {
            renamed.put(output, source.get(property));
          }
        });
        java.util.Set<String> mapped = new java.util.HashSet<>(formatMap.values());
        source.forEach((k, v) -> {
          if (!mapped.contains(k)) {
            renamed.putIfAbsent(k, v);
          }
        });
        props = renamed;
      }
      Object properties = props;
      if (kvp) {
        List<KeyValue> pairs = new ArrayList<>();
        props.forEach((k, v) -> pairs.add(new KeyValue(k, v)));
        properties = pairs;
      }
      DocumentInfo document = o.document() == null
          ? null
          : new DocumentInfo(
              o.document().contentType(), o.document().size(), o.document().sha256());
      return new ProfileObjectView(
          o.nId(),
          o.labels(),
          o.schema(),
          properties,
          permission == null ? null : permission.name(),
          document,
          o.createdAt().toString(),
          o.updatedAt().toString());
    }
  }

  /** One property in the {@code format=kvp} shape. */
  public record KeyValue(String key, @Nullable Object value) {}

  /** A profile object with, on {@code expand=true}, the related objects the caller may see. */
  public record ExpandedObject(
      String nId,
      List<String> labels,
      String schema,
      Object properties,
      @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable DocumentInfo document,
      String createdAt,
      String updatedAt,
      List<ProfileObjectView> related,
      List<RelationshipView> relationships) {
    static ExpandedObject of(
        ProfileObjectView o,
        List<ProfileObjectView> related,
        List<RelationshipView> relationships) {
      return new ExpandedObject(
          o.nId(),
          o.labels(),
          o.schema(),
          o.properties(),
          o.document(),
          o.createdAt(),
          o.updatedAt(),
          related,
          relationships);
    }
  }

  /** A relationship between two profile objects. */
  public record RelationshipView(
      String pId, String type, String start, String end, Map<String, Object> properties) {
    public static RelationshipView of(Relationship r) {
      return new RelationshipView(r.pId(), r.type(), r.start(), r.end(), r.properties());
    }
  }

  /** A grant: a user's ({@code u_id}) or group's ({@code g_id}) permission on an object. */
  public record GrantView(
      String pId,
      String type,
      String permission,
      @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String uId,
      @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String gId,
      String start,
      String end,
      boolean cascade) {
    static GrantView of(Grant g) {
      boolean user = g.subject().kind() == Subject.Kind.USER;
      return new GrantView(
          g.pId(),
          g.permission().name(),
          g.permission().name(),
          user ? g.subject().id() : null,
          user ? null : g.subject().id(),
          g.subject().id(),
          g.nId(),
          g.cascade());
    }
  }

  /** A page of what the caller may see. */
  public record Page(
      List<ProfileObjectView> profileObjects,
      List<RelationshipView> relationships,
      @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String nextCursor) {}

  /** A stored document, base64. */
  public record Content(String nId, String content) {}

  /** The object and the grant just made. */
  public record Granted(List<ProfileObjectView> profileObjects, List<GrantView> relationships) {}

  /** Who holds what on an object. */
  public record Grants(String nId, List<GrantView> permissions) {}
}
