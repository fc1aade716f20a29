package org.kith.core.audit;

/** Events on a group's trail. */
public sealed interface GroupEvent extends AuditDetails {
  record Created(String name) implements GroupEvent {}

  record MemberAdded(String uId) implements GroupEvent {}

  record MemberRemoved(String uId) implements GroupEvent {}

  /** The group {@code gId} was nested in this one. */
  record SubgroupAdded(String gId) implements GroupEvent {}

  record SubgroupRemoved(String gId) implements GroupEvent {}

  /** {@code uId} is the new owner. */
  record OwnerTransferred(String uId) implements GroupEvent {}

  record Deleted() implements GroupEvent {}
}
