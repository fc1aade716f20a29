package org.kith.core.org;

import java.time.Instant;
import java.util.List;
import org.kith.core.audit.AuditEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Port: organisations, memberships, invitations and short links. */
public interface OrganisationStore {
  Mono<Organisation> create(Organisation org, String adminUId, List<AuditEvent> audit);

  Mono<Organisation> find(String orgId);

  Mono<Organisation> update(Organisation org, List<AuditEvent> audit);

  /** {@code admin}, {@code member} or empty. */
  Mono<String> role(String orgId, String uId);

  /** The members by username (then id), at most 10,000. */
  default Flux<Member> members(String orgId) {
    return members(orgId, null, 10_000);
  }

  /** A page of {@link #members(String)}: after {@code after} (the start if null), at most {@code limit}. */
  Flux<Member> members(String orgId, @org.jspecify.annotations.Nullable After after, int limit);

  /** A position in the members' order. */
  record After(String username, String uId) {}

  /** The ids of the organisations {@code uId} belongs to, in order, after {@code afterOrgId}, at most {@code limit}. */
  Flux<String> organisationsOf(
      String uId, @org.jspecify.annotations.Nullable String afterOrgId, int limit);

  /** A member, whether it administers the organisation, and whether it owns it (an owner is an admin too). */
  record Member(String uId, String username, boolean admin, boolean owner) {}

  /**
   * Makes member {@code uId} an admin or a plain member (the owner stays an admin); false, with nothing changed,
   * if {@code uId} is not a member or owns the organisation.
   */
  Mono<Boolean> setRole(String orgId, String uId, boolean admin, List<AuditEvent> audit);

  /** Removes member {@code uId}; false, with nothing changed, if it is not a member or owns the organisation. */
  Mono<Boolean> removeMember(String orgId, String uId, List<AuditEvent> audit);

  /**
   * Makes member {@code toUId} the owner (and an admin) if {@code fromUId} owns the organisation now; false, with
   * nothing changed, otherwise or if {@code toUId} is not a member.
   */
  Mono<Boolean> transferOwnership(
      String orgId, String fromUId, String toUId, List<AuditEvent> audit);

  Mono<Void> invite(
      String orgId, String email, String codeHash, Instant expiresAt, List<AuditEvent> audit);

  /** Consumes a live invitation for this email and makes the user a member; false if there is none. */
  Mono<Boolean> redeem(
      String codeHash, String email, String uId, Instant now, List<AuditEvent> audit);

  /** Whether a live invitation with this code exists for this email. */
  Mono<Boolean> invited(String codeHash, String email, Instant now);

  Mono<Void> createLink(ShortLink link, List<AuditEvent> audit);

  Mono<ShortLink> findLink(String linkId);

  /**
   * Stores a person's own link ({@link ShortLink#ownerUId}) with {@code audit}, unless they already hold
   * {@code max} links: then nothing is written and the answer is false.
   */
  Mono<Boolean> createPersonalLink(ShortLink link, int max, List<AuditEvent> audit);

  /** A person's own links ({@link ShortLink#ownerUId}), oldest first, at most {@code max}. */
  reactor.core.publisher.Flux<ShortLink> personalLinks(String uId, int max);

  Mono<Void> createRequest(ApplicationRequest request, List<AuditEvent> audit);

  Mono<ApplicationRequest> findRequest(String orgId, String shortCode);

  Flux<ApplicationRequest> requests(String orgId, int limit);

  Mono<Void> setRequestState(
      String orgId, String shortCode, String state, Instant now, List<AuditEvent> audit);

  /**
   * Deletes requests created before {@code cutoff} (at most 10,000 a call), each with the event {@code expired}
   * makes of its organisation id and short code, in the same transaction; how many.
   */
  Mono<Long> expireRequests(
      Instant cutoff, java.util.function.BiFunction<String, String, AuditEvent> expired);

  Mono<Domain> saveDomain(Domain domain, List<AuditEvent> audit);

  Mono<Domain> findDomain(String orgId, String domain);
}
