package org.kith.core.org;

import java.time.Clock;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.kith.core.Rejected;
import org.kith.core.audit.AuditEvent;
import org.kith.core.audit.OrganisationEvent;
import reactor.core.publisher.Mono;

/**
 * Who belongs to an organisation and in which role, as the neighbours have it: an {@code owner} (one, an admin who
 * also manages the admins and may hand the organisation over), {@code admin}s (manage members, invitations,
 * applications) and {@code member}s. Admins make members admins and remove members; only the owner makes an admin a
 * member again or removes an admin; anyone but the owner may leave; the owner hands over to a member first. Someone
 * who is not a member gets the unknown organisation's 404; a member who may not, 403. Every change is audited on
 * the organisation's trail. Thread-safe.
 */
public final class OrganisationMembers {
  public static final String OWNER = "owner";
  public static final String ADMIN = "admin";
  public static final String MEMBER = "member";

  private final OrganisationStore orgs;
  private final Clock clock;

  public OrganisationMembers(OrganisationStore orgs, Clock clock) {
    this.orgs = orgs;
    this.clock = clock;
  }

  /** {@code caller}'s role and {@code uId}'s, as members of {@code orgId}. */
  private record Roles(String caller, String target) {}

  /** Makes member {@code uId} an {@code admin} or a {@code member}. */
  public Mono<Void> changeRole(String callerUId, String orgId, String uId, @Nullable String role) {
    if (!ADMIN.equals(role) && !MEMBER.equals(role)) {
      return Mono.error(
          Rejected.invalid("role", "role is admin or member (hand ownership over instead)"));
    }
    return roles(callerUId, orgId, uId).flatMap(r -> {
      if (OWNER.equals(r.target())) {
        return Mono.error(
            Rejected.conflict("the owner stays an admin; hand ownership over to change that"));
      }
      boolean demotion = ADMIN.equals(r.target()) && MEMBER.equals(role);
      if (MEMBER.equals(r.caller())
          || (demotion && !OWNER.equals(r.caller()) && !callerUId.equals(uId))) {
        return Mono.error(Rejected.forbidden(
            demotion
                ? "only the owner makes an admin a member again"
                : "only the organisation's admins change roles"));
      }
      return orgs.setRole(
              orgId,
              uId,
              ADMIN.equals(role),
              List.of(event(orgId, callerUId, new OrganisationEvent.RoleChanged(uId, role))))
          .flatMap(this::changedOrGone);
    });
  }

  /** Removes member {@code uId} (or, when it is the caller, lets it leave). */
  public Mono<Void> remove(String callerUId, String orgId, String uId) {
    return roles(callerUId, orgId, uId).flatMap(r -> {
      if (OWNER.equals(r.target())) {
        return Mono.error(Rejected.conflict(
            "the owner cannot leave or be removed; hand ownership over to a member first"));
      }
      boolean self = callerUId.equals(uId);
      if (!self
          && (MEMBER.equals(r.caller())
              || (ADMIN.equals(r.target()) && !OWNER.equals(r.caller())))) {
        return Mono.error(Rejected.forbidden(
            ADMIN.equals(r.target())
                ? "only the owner removes an admin"
                : "only the organisation's admins remove members"));
      }
      return orgs.removeMember(
              orgId,
              uId,
              List.of(event(orgId, callerUId, new OrganisationEvent.MemberRemoved(uId))))
          .flatMap(this::changedOrGone);
    });
  }

  /** The owner hands the organisation over to member {@code toUId}, who becomes owner; the caller stays an admin. */
  public Mono<Void> transfer(String callerUId, String orgId, @Nullable String toUId) {
    if (toUId == null || toUId.isBlank()) {
      return Mono.error(Rejected.invalid("u_id", "name the member who becomes the owner"));
    }
    return roles(callerUId, orgId, toUId).flatMap(r -> {
      if (!OWNER.equals(r.caller())) {
        return Mono.error(Rejected.forbidden("only the owner hands the organisation over"));
      }
      if (callerUId.equals(toUId)) {
        return Mono.<Void>empty();
      }
      return orgs.transferOwnership(
              orgId,
              callerUId,
              toUId,
              List.of(event(
                  orgId, callerUId, new OrganisationEvent.OwnershipTransferred(callerUId, toUId))))
          .flatMap(this::changedOrGone);
    });
  }

  private Mono<Void> changedOrGone(boolean changed) {
    return changed
        ? Mono.empty()
        : Mono.error(Rejected.conflict("the membership changed meanwhile; read it and try again"));
  }

  /** Both roles; 404 if the caller is not a member, 404 (another text) if the target is not. */
  private Mono<Roles> roles(String callerUId, String orgId, String uId) {
    return orgs.members(orgId).collectList().flatMap(members -> {
      String caller = role(members, callerUId);
      if (caller == null) {
        return Mono.error(Rejected.notFound("no such organisation"));
      }
      String target = role(members, uId);
      return target == null
          ? Mono.error(Rejected.notFound("no such member"))
          : Mono.just(new Roles(caller, target));
    });
  }

  private static @Nullable String role(List<OrganisationStore.Member> members, String uId) {
    for (OrganisationStore.Member m : members) {
      if (m.uId().equals(uId)) {
        return m.owner() ? OWNER : m.admin() ? ADMIN : MEMBER;
      }
    }
    return null;
  }

  private AuditEvent event(String orgId, String uId, OrganisationEvent detail) {
    return AuditEvent.of(orgId, uId, clock.instant(), detail);
  }
}
