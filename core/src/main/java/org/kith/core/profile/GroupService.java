package org.kith.core.profile;

import java.time.Clock;
import java.util.List;
import org.kith.core.Ids;
import org.kith.core.Rejected;
import org.kith.core.audit.AuditEvent;
import org.kith.core.audit.GroupEvent;
import org.kith.core.authz.Subject;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Groups: any user creates one and owns it; the owner manages members, transfers and deletes it; members
 * see the member list; a member may leave. PUBLIC is built in and cannot be changed.
 *
 * <p>Groups nest: the owner of a group may nest another group it belongs to in it, and then every member of the
 * nested group is a member of the outer one (for permissions, for seeing the member list, for analyst
 * visibility), up to {@link PermissionGraph#MAX_GROUP_NESTING} levels; cycles are refused. The nested group's
 * owner may take it out again. Thread-safe.
 */
public final class GroupService {
  private final GroupStore groups;
  private final PermissionGraph graph;
  private final Clock clock;

  public GroupService(GroupStore groups, PermissionGraph graph, Clock clock) {
    this.groups = groups;
    this.graph = graph;
    this.clock = clock;
  }

  public Mono<Group> create(String uId, String name) {
    String trimmed = name.strip();
    if (trimmed.isEmpty() || trimmed.length() > 100) {
      return Mono.error(Rejected.invalid("name", "name must have 1 to 100 characters"));
    }
    Group group = new Group(Ids.uuid(), trimmed, uId);
    return groups.create(group, List.of(event(group.gId(), uId, new GroupEvent.Created(trimmed))));
  }

  /** A page of the caller's groups, by name (see {@link GroupStore#groupsOf}). */
  public Flux<GroupStore.Membership> mine(
      String uId, GroupStore.@org.jspecify.annotations.Nullable After after, int limit) {
    return groups.groupsOf(uId, after, limit);
  }

  public Mono<Void> addMember(String uId, String gId, String member) {
    return owned(uId, gId)
        .then(graph.subjectExists(Subject.user(member)))
        .flatMap(exists -> exists
            ? groups.addMember(
                gId, member, List.of(event(gId, uId, new GroupEvent.MemberAdded(member))))
            : Mono.error(Rejected.notFound("no such user")));
  }

  /** A group's direct members: users and nested groups. */
  public record Members(List<String> users, List<String> groups) {}

  /** Direct members and nested groups, for the group's members; others learn nothing (404). */
  public Mono<Members> memberList(String uId, String gId) {
    return visible(uId, gId)
        .then(Mono.defer(() -> groups
            .members(gId)
            .collectList()
            .zipWith(groups.subgroups(gId).collectList(), Members::new)));
  }

  /** Groups nested directly in the group, for its members. */
  public Flux<String> subgroups(String uId, String gId) {
    return visible(uId, gId).thenMany(groups.subgroups(gId));
  }

  /**
   * The group's owner nests a group it belongs to (404 for any other group: the caller may not know it exists).
   * 409 when that would close a cycle or nest too deep; nesting a group twice changes nothing.
   */
  public Mono<Void> addSubgroup(String uId, String gId, String child) {
    if (Subject.PUBLIC.equals(child)) {
      return Mono.error(Rejected.forbidden(
          "PUBLIC is built in: everyone already belongs to every group it is in"));
    }
    return owned(uId, gId)
        .then(visible(uId, child))
        .then(Mono.defer(() -> groups.addSubgroup(
            uId, gId, child, List.of(event(gId, uId, new GroupEvent.SubgroupAdded(child))))))
        .flatMap(result -> switch (result) {
          case ADDED, ALREADY -> Mono.<Void>empty();
          case CYCLE ->
            Mono.error(Rejected.conflict(
                gId.equals(child)
                    ? "a group cannot contain itself"
                    : "the group is already nested in the group it would contain"));
          case TOO_DEEP ->
            Mono.error(Rejected.conflict(
                "groups nest at most " + PermissionGraph.MAX_GROUP_NESTING + " levels deep"));
          case NOT_FOUND -> Mono.error(Rejected.notFound("no such group"));
          case NOT_OWNER -> Mono.error(Rejected.forbidden("only the group's owner may do this"));
        });
  }

  /** The outer group's owner, or the nested group's owner, takes a nested group out. */
  public Mono<Void> removeSubgroup(String uId, String gId, String child) {
    // the nested group's owner belongs to it, so to the outer group: both may know the outer group
    // exists
    Mono<Group> allowed = visible(uId, gId)
        .flatMap(g -> uId.equals(g.ownerUId())
            ? Mono.just(g)
            : groups
                .find(child)
                .filter(c -> uId.equals(c.ownerUId()))
                .map(c -> g)
                .switchIfEmpty(Mono.error(
                    () -> Rejected.forbidden("only the owner of either group may do this"))));
    return allowed
        .flatMap(g -> groups.removeSubgroup(
            gId, child, List.of(event(gId, uId, new GroupEvent.SubgroupRemoved(child)))))
        .flatMap(removed ->
            removed ? Mono.<Void>empty() : Mono.error(Rejected.notFound("not a nested group")));
  }

  /** The owner removes anyone but themself; a member may remove (leave) themself. */
  public Mono<Void> removeMember(String uId, String gId, String member) {
    Mono<Group> allowed = uId.equals(member) ? visible(uId, gId) : owned(uId, gId);
    return allowed
        .flatMap(g -> member.equals(g.ownerUId())
            ? Mono.error(Rejected.conflict("the owner cannot leave; transfer the group first"))
            : groups.removeMember(
                gId, member, List.of(event(gId, uId, new GroupEvent.MemberRemoved(member)))))
        .flatMap(removed ->
            removed ? Mono.<Void>empty() : Mono.error(Rejected.notFound("not a member")));
  }

  public Mono<Void> transfer(String uId, String gId, String newOwner) {
    return owned(uId, gId)
        .then(graph.subjectExists(Subject.user(newOwner)))
        .flatMap(exists -> exists
            ? groups.setOwner(
                gId, newOwner, List.of(event(gId, uId, new GroupEvent.OwnerTransferred(newOwner))))
            : Mono.error(Rejected.notFound("no such user")));
  }

  /** Deletes the group and every grant it held. */
  public Mono<Void> delete(String uId, String gId) {
    return owned(uId, gId)
        .then(Mono.defer(
            () -> groups.delete(gId, List.of(event(gId, uId, new GroupEvent.Deleted())))));
  }

  Mono<Group> visible(String uId, String gId) {
    if (Subject.PUBLIC.equals(gId)) {
      return Mono.error(Rejected.forbidden("PUBLIC is built in: everyone belongs to it"));
    }
    return groups
        .isMember(gId, uId)
        .flatMap(member -> member ? groups.find(gId) : Mono.empty())
        .switchIfEmpty(Mono.error(() -> Rejected.notFound("no such group")));
  }

  Mono<Group> owned(String uId, String gId) {
    return visible(uId, gId)
        .flatMap(g -> uId.equals(g.ownerUId())
            ? Mono.just(g)
            : Mono.error(Rejected.forbidden("only the group's owner may do this")));
  }

  private AuditEvent event(String gId, String uId, GroupEvent detail) {
    return AuditEvent.of(gId, uId, clock.instant(), detail);
  }
}
