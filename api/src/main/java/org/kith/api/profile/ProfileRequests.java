package org.kith.api.profile;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Request bodies of the /v1/db routes. */
final class ProfileRequests {
  private ProfileRequests() {}

  record Document(
      @NotBlank String content, @NotBlank @Size(max = 255) String type) {}

  @io.swagger.v3.oas.annotations.media.Schema(name = "ProfileObjectCreate")
  record Create(
      @NotBlank @Size(max = 110) String schema,
      @Nullable List<@NotNull String> labels,
      @NotNull Map<String, Object> properties,
      @Nullable @Valid Document document) {}

  @io.swagger.v3.oas.annotations.media.Schema(name = "ProfileObjectUpdate")
  record Update(
      @Nullable List<@NotNull String> labels, @NotNull Map<String, Object> properties) {}

  /**
   * One element of a bulk update, as the reference names it: {@code params} are the new properties
   * ({@code properties} is accepted too); labels, if given, replace the extra labels.
   */
  @io.swagger.v3.oas.annotations.media.Schema(name = "ProfileObjectBulkUpdate")
  record BulkUpdate(
      @NotBlank @Size(max = 64) String nId,
      @Nullable List<@NotNull String> labels,
      @Nullable Map<String, Object> params,
      @Nullable Map<String, Object> properties) {
    /** The new properties: {@code params}, else {@code properties}; null if neither was sent. */
    @Nullable
    Map<String, Object> newProperties() {
      return params != null ? params : properties;
    }
  }

  record Selector(@Nullable String nId, @Nullable String label) {}

  record Read(
      @Nullable List<@NotNull Selector> profileObjects,
      @Nullable List<@NotNull String> permissions,
      @Nullable Integer limit,
      @Nullable String cursor) {}

  record GrantRequest(
      @Nullable String uId,
      @Nullable String gId,
      @NotBlank String permission,
      @Nullable Boolean cascade) {}

  record UserRef(@NotBlank String uId) {}

  record GroupRef(@NotBlank @Size(max = 100) String gId) {}

  record GroupCreate(@NotBlank @Size(max = 100) String name) {}

  record RelationshipCreate(
      @NotBlank String from,
      @NotBlank String to,
      @NotBlank String type,
      @Nullable Map<String, Object> properties) {}

  record SchemaCreate(
      @NotBlank @Size(max = 110) String name,
      @NotBlank String type,
      @NotNull Map<String, Object> schema) {}

  record SchemaUpdate(@NotNull Map<String, Object> schema) {}
}
