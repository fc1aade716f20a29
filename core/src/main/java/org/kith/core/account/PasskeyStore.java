package org.kith.core.account;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.kith.core.audit.AuditEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Port: WebAuthn credentials (passkeys), the per-account user handles they are bound to, and single-use
 * ceremony challenges (stored as keyed hashes). Every method is non-blocking.
 */
public interface PasskeyStore {
  /** A stored credential; {@code attestedCredentialData} holds its id and COSE public key. */
  record Passkey(
      String credentialId,
      String uId,
      String name,
      byte[] attestedCredentialData,
      long signCount,
      List<String> transports,
      boolean uvInitialized,
      boolean backupEligible,
      boolean backupState,
      Instant createdAt,
      @Nullable Instant lastUsedAt) {
    public Passkey {
      attestedCredentialData = attestedCredentialData.clone();
      transports = List.copyOf(transports);
    }

    @Override
    public byte[] attestedCredentialData() {
      return attestedCredentialData.clone();
    }
  }

  /** A challenge taken back: for {@code purpose} ({@code registration} or {@code authentication}). */
  record Challenge(String purpose, @Nullable String uId) {}

  /** Keeps a challenge's hash until {@code expiresAt}. */
  Mono<Void> saveChallenge(String hash, String purpose, @Nullable String uId, Instant expiresAt);

  /** Removes and returns the challenge if it is live (single use); empty if unknown, used or expired. */
  Mono<Challenge> takeChallenge(String hash, Instant now);

  /** Removes expired challenges. */
  Mono<Long> purgeChallenges(Instant now);

  /** The account's WebAuthn user handle, made (from {@code candidate}) on first use. */
  Mono<String> userHandle(String uId, String candidate);

  /** The owner of a user handle; empty if none. */
  Mono<String> ownerOfHandle(String userHandle);

  /** Stores a new credential with the audit events; 409 if the credential id is registered already. */
  Mono<Passkey> add(Passkey passkey, List<AuditEvent> audit);

  Flux<Passkey> list(String uId);

  /** The credential with this id, whoever holds it. */
  Mono<Passkey> find(String credentialId);

  /** Renames the caller's credential; empty if it is not theirs. */
  Mono<Passkey> rename(String uId, String credentialId, String name, List<AuditEvent> audit);

  /** Deletes the caller's credential; false if it is not theirs. */
  Mono<Boolean> delete(String uId, String credentialId, List<AuditEvent> audit);

  /**
   * Records a use: the new signature counter only if it went up (or both are zero: an authenticator without a
   * counter); false if the stored counter is not below it (a cloned authenticator) or the credential is gone.
   */
  Mono<Boolean> recordUse(String credentialId, long signCount, Instant now);
}
