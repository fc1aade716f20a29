package org.kith.core.profile;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.kith.core.Ids;
import org.kith.core.Rejected;
import org.kith.core.audit.AuditEvent;
import org.kith.core.audit.ProfileEvent;
import org.kith.core.authz.Permission;
import org.kith.core.authz.Subject;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Grants and ownership. Checks first, then writes with the audit event in one transaction. Thread-safe. */
public final class PermissionService {
  private final PermissionGraph graph;
  private final Guard guard;
  private final Clock clock;

  public PermissionService(PermissionGraph graph, Clock clock) {
    this.graph = graph;
    this.guard = new Guard(graph);
    this.clock = clock;
  }

  /** Grants ADMINS, EDITS or VIEWS to a user or group; needs ADMINS (or ownership) on the object. */
  public Mono<Grant> grant(
      String uId, String nId, Subject subject, Permission permission, boolean cascade) {
    if (permission == Permission.IS_OWNER) {
      return Mono.error(
          Rejected.invalid("permission", "ownership is transferred through /v1/db/owner"));
    }
    return guard
        .require(uId, nId, Permission.ADMINS)
        .then(graph.subjectExists(subject))
        .flatMap(exists -> exists
            ? Mono.just(true)
            : Mono.error(Rejected.notFound(
                "no such " + (subject.kind() == Subject.Kind.USER ? "user" : "group"))))
        .then(Mono.defer(() -> {
          Grant grant = new Grant(Ids.childId(nId), subject, permission, cascade, nId);
          return graph.grant(
              grant,
              List.of(AuditEvent.of(
                  nId, uId, clock.instant(), detail(grant, ProfileEvent.PermissionGranted::new))));
        }));
  }

  /** Who holds what on the object; the access list is for its administrators. */
  public Flux<Grant> grants(String uId, String nId) {
    return guard.require(uId, nId, Permission.ADMINS).thenMany(graph.grants(nId));
  }

  /**
   * Revokes a grant. Administrators of the object may revoke any grant except ownership; a user may
   * always give up a grant held in their own name. Only they may know the grant exists (only they can list it):
   * for anyone else it answers exactly as a grant that never existed.
   */
  public Mono<Void> revoke(String uId, String pId) {
    return graph
        .findGrant(pId)
        .filterWhen(grant -> isOwn(grant, uId)
            ? Mono.just(true)
            : guard.access(uId, grant.nId()).map(a -> a.allows(Permission.ADMINS)))
        .switchIfEmpty(Mono.error(() -> Rejected.notFound("no such permission")))
        .flatMap(grant -> grant.permission() == Permission.IS_OWNER
            ? Mono.error(
                Rejected.forbidden("ownership is not a revocable permission; use /v1/db/owner"))
            : graph.revoke(
                pId,
                List.of(AuditEvent.of(
                    grant.nId(),
                    uId,
                    clock.instant(),
                    detail(grant, ProfileEvent.PermissionRevoked::new)))));
  }

  private static boolean isOwn(Grant grant, String uId) {
    return grant.subject().kind() == Subject.Kind.USER && grant.subject().id().equals(uId);
  }

  /** Claims an object that has no owner; needs ADMINS on it. */
  public Mono<Grant> claim(String uId, String nId) {
    return guard
        .require(uId, nId, Permission.ADMINS)
        .then(graph.owner(nId).hasElement())
        .flatMap(owned -> owned
            ? Mono.error(Rejected.conflict("the profile object already has an owner"))
            : setOwner(uId, nId, uId, ProfileEvent.OwnerClaimed::new));
  }

  /** Transfers ownership to another user; only the owner may. */
  public Mono<Grant> transfer(String uId, String nId, String newOwner) {
    return guard
        .require(uId, nId, Permission.IS_OWNER)
        .then(graph.subjectExists(Subject.user(newOwner)))
        .flatMap(exists -> exists
            ? setOwner(uId, nId, newOwner, ProfileEvent.OwnerTransferred::new)
            : Mono.error(Rejected.notFound("no such user")));
  }

  /** Gives up ownership: the object stays, unowned, with its other grants. */
  public Mono<Void> giveUp(String uId, String nId) {
    return guard
        .require(uId, nId, Permission.IS_OWNER)
        .then(graph.owner(nId))
        .flatMap(owner -> graph.revoke(
            owner.pId(),
            List.of(AuditEvent.of(
                nId, uId, clock.instant(), detail(owner, ProfileEvent.OwnerGaveUp::new)))));
  }

  private Mono<Grant> setOwner(
      String actor,
      String nId,
      String newOwner,
      java.util.function.BiFunction<String, String, ProfileEvent> event) {
    Instant now = clock.instant();
    String pId = Ids.childId(nId);
    return graph.setOwner(
        nId, newOwner, pId, List.of(AuditEvent.of(nId, actor, now, event.apply(newOwner, pId))));
  }

  /** The shape of a grant's events: {@code u_id} or {@code g_id} as the grantee is a user or a group. */
  interface GrantEvent {
    ProfileEvent of(
        String pId, String permission, boolean cascade, @Nullable String uId, @Nullable String gId);
  }

  static ProfileEvent detail(Grant g, GrantEvent event) {
    boolean user = g.subject().kind() == Subject.Kind.USER;
    return event.of(
        g.pId(),
        g.permission().name(),
        g.cascade(),
        user ? g.subject().id() : null,
        user ? null : g.subject().id());
  }
}
