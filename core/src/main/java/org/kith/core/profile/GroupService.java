package org.kith.core.profile;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.kith.core.Ids;
import org.kith.core.Rejected;
import org.kith.core.audit.AuditEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Groups: any user creates one and owns it; the owner manages members, transfers and deletes it; members
 * see the member list; a member may leave. PUBLIC is built in and cannot be changed. Thread-safe.
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
    return groups.create(group, List.of(event(group.gId(), "group_create", uId, Map.of("name", trimmed))));
  }

  public Flux<Group> mine(String uId) {
    return groups.groupsOf(uId);
  }

  /** Members, for the group's members; others learn nothing (404). */
  public Flux<String> members(String uId, String gId) {
    return visible(uId, gId).thenMany(groups.members(gId));
  }

  public Mono<Void> addMember(String uId, String gId, String member) {
    return owned(uId, gId)
        .then(graph.subjectExists(Subject.user(member)))
        .flatMap(exists -> exists ? groups.addMember(gId, member, List.of(event(gId, "group_member_add", uId,
            Map.of("u_id", member)))) : Mono.error(Rejected.notFound("no such user")));
  }

  /** The owner removes anyone but themself; a member may remove (leave) themself. */
  public Mono<Void> removeMember(String uId, String gId, String member) {
    Mono<Group> allowed = uId.equals(member) ? visible(uId, gId) : owned(uId, gId);
    return allowed.flatMap(g -> member.equals(g.ownerUId())
            ? Mono.error(Rejected.conflict("the owner cannot leave; transfer the group first"))
            : groups.removeMember(gId, member, List.of(event(gId, "group_member_remove", uId, Map.of("u_id", member)))))
        .flatMap(removed -> removed ? Mono.<Void>empty() : Mono.error(Rejected.notFound("not a member")));
  }

  public Mono<Void> transfer(String uId, String gId, String newOwner) {
    return owned(uId, gId)
        .then(graph.subjectExists(Subject.user(newOwner)))
        .flatMap(exists -> exists ? groups.setOwner(gId, newOwner, List.of(event(gId, "group_owner_transfer", uId,
            Map.of("u_id", newOwner)))) : Mono.error(Rejected.notFound("no such user")));
  }

  /** Deletes the group and every grant it held. */
  public Mono<Void> delete(String uId, String gId) {
    return owned(uId, gId).then(Mono.defer(() -> groups.delete(gId, List.of(event(gId, "group_delete", uId,
        Map.of())))));
  }

  Mono<Group> visible(String uId, String gId) {
    if (Subject.PUBLIC.equals(gId)) {
      return Mono.error(Rejected.forbidden("PUBLIC is built in: everyone belongs to it"));
    }
    return groups.isMember(gId, uId).flatMap(member -> member ? groups.find(gId) : Mono.empty())
        .switchIfEmpty(Mono.error(() -> Rejected.notFound("no such group")));
  }

  Mono<Group> owned(String uId, String gId) {
    return visible(uId, gId).flatMap(g -> uId.equals(g.ownerUId()) ? Mono.just(g)
        : Mono.error(Rejected.forbidden("only the group's owner may do this")));
  }

  private AuditEvent event(String gId, String type, String uId, Map<String, Object> detail) {
    return AuditEvent.of(gId, type, uId, clock.instant(), detail);
  }
}
