package org.kith.core.profile;

import java.util.List;
import org.kith.core.audit.AuditEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Port: groups and their members. Writes record their audit events in the same transaction. */
public interface GroupStore {
  /** Creates the group; its owner becomes a member. */
  Mono<Group> create(Group group, List<AuditEvent> audit);

  Mono<Group> find(String gId);

  /**
   * Groups the user belongs to, directly or through nested groups (PUBLIC excluded: everyone is in it), each with
   * whether the membership is direct.
   */
  /**
   * The groups {@code uId} belongs to (directly or through nested groups), by name then id, after {@code after}
   * (the start if null), at most {@code limit}.
   */
  Flux<Membership> groupsOf(String uId, @org.jspecify.annotations.Nullable After after, int limit);

  /** A position in {@link #groupsOf}'s order. */
  record After(String name, String gId) {}

  /** A group a user belongs to; {@code direct} false when only through a group nested in it. */
  record Membership(Group group, boolean direct) {}

  /** Users who are direct members. */
  Flux<String> members(String gId);

  /** Groups nested directly in the group (their members are members of it). */
  Flux<String> subgroups(String gId);

  /** Whether the user belongs to the group, directly or through nested groups. */
  Mono<Boolean> isMember(String gId, String uId);

  Mono<Void> addMember(String gId, String uId, List<AuditEvent> audit);

  /** True if the user was a member. */
  Mono<Boolean> removeMember(String gId, String uId, List<AuditEvent> audit);

  /** What adding a nested group did. */
  enum Nesting {
    ADDED,
    ALREADY,
    CYCLE,
    TOO_DEEP,
    NOT_FOUND,
    NOT_OWNER
  }

  /**
   * Nests {@code child} in {@code gId} for {@code uId}, who must own {@code gId} and belong to {@code child} at the
   * moment of the write, unless that would close a cycle or make a chain of more than {@link
   * PermissionGraph#MAX_GROUP_NESTING} group-in-group hops. Nesting changes are serialised, so concurrent ones
   * cannot together build a cycle. The audit events are written only when the group was added.
   */
  Mono<Nesting> addSubgroup(String uId, String gId, String child, List<AuditEvent> audit);

  /** True if the child was nested in the group. */
  Mono<Boolean> removeSubgroup(String gId, String child, List<AuditEvent> audit);

  Mono<Void> setOwner(String gId, String uId, List<AuditEvent> audit);

  /** Deletes the group, its memberships (as member and as container) and every grant it held. */
  Mono<Void> delete(String gId, List<AuditEvent> audit);
}
