package org.kith.core.account;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.kith.core.audit.AuditEvent;
import reactor.core.publisher.Mono;

/**
 * Port: refresh-token families ("sessions"). Each grant starts a family; every refresh rotates the token
 * inside it; presenting a token that was already used revokes the whole family.
 */
public interface SessionStore {
  /** Outcome of presenting a refresh token. */
  sealed interface Rotation {}

  /**
   * The token was live and its account active; it is now used and {@code nextHash} is the family's live
   * token. {@code amr} and {@code authTime} are those of the login that started the family: a refresh never
   * raises them.
   */
  record Rotated(String uId, String username, String familyId, List<String> amr, Instant authTime)
      implements Rotation {
    public Rotated {
      amr = List.copyOf(amr);
    }
  }

  /** The token had been used before: the family is now revoked. */
  record Reused(String uId, String familyId) implements Rotation {}

  /** Unknown, expired, belonging to a revoked family or to a disabled account. */
  record Invalid() implements Rotation {}

  /** Starts a family (a password login); the audit events in the same transaction. */
  default Mono<Void> start(
      String uId,
      String familyId,
      String tokenHash,
      Instant expiresAt,
      Instant now,
      List<AuditEvent> audit) {
    return start(uId, familyId, tokenHash, expiresAt, now, AuthenticationMethods.PASSWORD, audit);
  }

  /**
   * Starts a family (a login by the {@code amr} methods, kept with the family); the audit events in the same
   * transaction.
   */
  Mono<Void> start(
      String uId,
      String familyId,
      String tokenHash,
      Instant expiresAt,
      Instant now,
      List<String> amr,
      List<AuditEvent> audit);

  /** Atomically checks and rotates a presented token. */
  default Mono<Rotation> rotate(
      String presentedHash, String nextHash, Instant nextExpiresAt, Instant now) {
    return rotate(presentedHash, nextHash, nextExpiresAt, now, r -> List.of());
  }

  /**
   * Atomically checks and rotates a presented token, and writes in the same transaction the audit events that
   * {@code audit} gives for the outcome (a rotation or a reuse; an invalid token writes nothing).
   */
  Mono<Rotation> rotate(
      String presentedHash,
      String nextHash,
      Instant nextExpiresAt,
      Instant now,
      java.util.function.Function<Rotation, List<AuditEvent>> audit);

  /**
   * Revokes the family of the given token if it belongs to {@code uId}; true if one was revoked (and then the
   * audit events are written in the same transaction).
   */
  Mono<Boolean> revokeByToken(String uId, String tokenHash, List<AuditEvent> audit);

  /** Revokes the account's family; the audit events in the same transaction. */
  Mono<Void> revoke(String uId, String familyId, List<AuditEvent> audit);

  /** Revokes every family of the account except {@code keepFamilyId} (if given). */
  Mono<Void> revokeAll(String uId, @Nullable String keepFamilyId);

  /** Whether the account exists, is not disabled, and the family (if given) is live. */
  Mono<Boolean> isActive(String uId, @Nullable String familyId, Instant now);

  /** When the person logged in to start this live family (OpenID Connect {@code auth_time}); empty if it is not live. */
  Mono<Instant> authenticatedAt(String uId, String familyId);

  /** When and how (RFC 8176 {@code amr}) the person logged in to start this live family. */
  record Authentication(Instant at, List<String> amr) {
    public Authentication {
      amr = List.copyOf(amr);
    }
  }

  /** {@link #authenticatedAt} with the methods of that login; empty if the family is not live. */
  Mono<Authentication> authentication(String uId, String familyId);
}
