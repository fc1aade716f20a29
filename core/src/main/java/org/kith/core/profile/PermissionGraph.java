package org.kith.core.profile;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.kith.core.audit.AuditEvent;
import org.kith.core.authz.Access;
import org.kith.core.authz.Authorization;
import org.kith.core.authz.AuthorizationModel;
import org.kith.core.authz.Revision;
import org.kith.core.authz.Subject;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Port: who may do what ({@link Authorization}, as {@link AuthorizationModel#KITH} declares it), and the grants
 * that decide it. One parameterised query decides a check: grants held directly, through groups
 * the user belongs to, through PUBLIC, or through a cascading grant on an ancestor (bounded depth; cycles
 * end). Grant writes record their audit events in the same transaction.
 */
public interface PermissionGraph extends Authorization {
  /** Maximum number of relationship hops a cascading grant follows. */
  int MAX_CASCADE_DEPTH = AuthorizationModel.KITH.cascadeDepth();

  /**
   * Maximum number of group-in-group hops: a user belongs to a group directly or through at most this many
   * levels of groups nested in it (a chain of {@code MAX_GROUP_NESTING + 1} groups). Deeper nesting is refused.
   */
  int MAX_GROUP_NESTING = AuthorizationModel.KITH.groupNesting();

  /** Access of a user (or, with null, of an anonymous caller: PUBLIC only) to an object, now. */
  default Mono<Access> access(@Nullable String uId, String nId) {
    return access(uId, nId, Revision.ANY);
  }

  /** Whether the subject exists (user or group). */
  Mono<Boolean> subjectExists(Subject subject);

  Mono<Grant> grant(Grant grant, List<AuditEvent> audit);

  Flux<Grant> grants(String nId);

  Mono<Grant> findGrant(String pId);

  Mono<Void> revoke(String pId, List<AuditEvent> audit);

  /** The current owner's grant, if the object has an owner. */
  Mono<Grant> owner(String nId);

  /** Replaces the object's owner (removing the previous owner's IS_OWNER grant, if any). */
  Mono<Grant> setOwner(String nId, String uId, String pId, List<AuditEvent> audit);
}
