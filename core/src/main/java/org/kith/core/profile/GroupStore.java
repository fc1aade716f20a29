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

  /** Groups the user belongs to (PUBLIC excluded: everyone is in it). */
  Flux<Group> groupsOf(String uId);

  Flux<String> members(String gId);

  Mono<Boolean> isMember(String gId, String uId);

  Mono<Void> addMember(String gId, String uId, List<AuditEvent> audit);

  /** True if the user was a member. */
  Mono<Boolean> removeMember(String gId, String uId, List<AuditEvent> audit);

  Mono<Void> setOwner(String gId, String uId, List<AuditEvent> audit);

  /** Deletes the group, its memberships and every grant it held. */
  Mono<Void> delete(String gId, List<AuditEvent> audit);
}
