package org.kith.core.account;

import java.time.Instant;
import java.util.List;
import org.kith.core.audit.AuditEvent;
import reactor.core.publisher.Mono;

/**
 * Port: an account's TOTP authenticator (its key sealed, the last time step used, the keyed hashes of the unused
 * recovery codes) and the pending second steps of logins ({@code mfa_token}s, by keyed hash). Every check-and-use is
 * one atomic write, so a code or a token is accepted once even by concurrent requests on several API nodes.
 */
public interface SecondFactorStore {
  /** An account's authenticator; {@code active} once confirmed. */
  record Totp(String sealedKey, boolean active, long lastStep) {}

  /** A login waiting for its second factor. */
  record Challenge(String uId, String client, Instant expiresAt) {}

  Mono<Totp> totp(String uId);

  /** Saves a new unconfirmed authenticator, replacing an unconfirmed one; false (nothing written) if one is active. */
  Mono<Boolean> startTotp(String uId, String sealedKey, Instant now);

  /**
   * Confirms the unconfirmed authenticator with the code of {@code step} and stores the recovery codes' hashes; false
   * (nothing written) if there is none or the step was used; the audit events in the same transaction.
   */
  Mono<Boolean> activateTotp(
      String uId, long step, List<String> recoveryHashes, List<AuditEvent> audit);

  /** Uses the active authenticator's {@code step} if it is later than the last one used; false if not (replay). */
  Mono<Boolean> useStep(String uId, long step, List<AuditEvent> audit);

  /** Uses up one unused recovery code by its hash; false if there is none such. */
  Mono<Boolean> useRecoveryCode(String uId, String hash, List<AuditEvent> audit);

  /** Removes the authenticator and its recovery codes; false if there was none. */
  Mono<Boolean> removeTotp(String uId, List<AuditEvent> audit);

  /** Saves a login's second step (and forgets the account's expired ones). */
  Mono<Void> saveChallenge(String hash, String uId, String client, Instant expiresAt, Instant now);

  /** A live challenge; empty if unknown or expired. */
  Mono<Challenge> challenge(String hash, Instant now);

  /** Deletes the challenge; false if another request took it first. */
  Mono<Boolean> takeChallenge(String hash);

  /** Removes the expired challenges of all accounts; completes with how many. */
  Mono<Long> purgeChallenges(Instant now);
}
