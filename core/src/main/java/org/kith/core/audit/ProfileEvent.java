package org.kith.core.audit;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** Events on a profile object's trail: its life cycle, its relationships, reads by others, grants and ownership. */
public sealed interface ProfileEvent extends AuditDetails {
  record Created(String schema, List<String> labels) implements ProfileEvent {}

  record Updated(List<String> labels) implements ProfileEvent {}

  record Deleted() implements ProfileEvent {}

  /** Someone other than the owner read the object; {@code permission} is what let them. */
  record Read(String permission) implements ProfileEvent {}

  /** Someone other than the owner read the object's stored document. */
  record ContentRead(String permission) implements ProfileEvent {}

  /** Written on the trails of both ends. */
  record RelationshipCreated(String pId, String type, String start, String end)
      implements ProfileEvent {}

  /** Written on the trails of both ends. */
  record RelationshipDeleted(String pId, String type, String start, String end)
      implements ProfileEvent {}

  /** A grant to a user ({@code uId}) or a group ({@code gId}); exactly one of the two is present. */
  record PermissionGranted(
      String pId,
      String permission,
      boolean cascade,
      @Nullable String uId,
      @Nullable String gId) implements ProfileEvent {}

  /** The grant that was removed, as {@link PermissionGranted} describes it. */
  record PermissionRevoked(
      String pId,
      String permission,
      boolean cascade,
      @Nullable String uId,
      @Nullable String gId) implements ProfileEvent {}

  /** The owner gave the object up; the ownership grant that was removed. */
  record OwnerGaveUp(
      String pId,
      String permission,
      boolean cascade,
      @Nullable String uId,
      @Nullable String gId) implements ProfileEvent {}

  /** An administrator claimed the ownerless object; {@code uId} is the new owner. */
  record OwnerClaimed(String uId, String pId) implements ProfileEvent {}

  /** The owner handed the object to {@code uId}. */
  record OwnerTransferred(String uId, String pId) implements ProfileEvent {}

  /** The person replaced their own preferences: how many top-level keys they now hold (never the values). */
  record PreferencesReplaced(int keys) implements ProfileEvent {}
}
