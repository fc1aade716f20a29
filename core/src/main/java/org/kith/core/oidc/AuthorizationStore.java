package org.kith.core.oidc;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.kith.core.audit.AuditEvent;
import reactor.core.publisher.Mono;

/**
 * Port: pending authorization requests, authorization codes and relying-party grants with their refresh tokens.
 * Codes and refresh tokens are stored only as keyed hashes. Every "use" is atomic: of two concurrent uses of one
 * code or refresh token exactly one succeeds.
 */
public interface AuthorizationStore {
  Mono<Void> savePending(String requestId, AuthorizationAsk ask);

  /** The pending request, if it exists and has not expired. */
  Mono<AuthorizationAsk> pending(String requestId, Instant now);

  /** Removes and returns the pending request (the person answered it), if it existed and had not expired. */
  Mono<AuthorizationAsk> takePending(String requestId, Instant now);

  Mono<Void> saveCode(String codeHash, CodeGrant grant, List<AuditEvent> audit);

  /** The outcome of presenting an authorization code. */
  sealed interface CodeUse {}

  /** First use of a live code. */
  record FirstUse(CodeGrant grant) implements CodeUse {}

  /** A code used before: the grant issued from it (if any) has been revoked in the same transaction. */
  record Reused(String aId, String uId) implements CodeUse {}

  /** No such code, or expired. */
  record Unknown() implements CodeUse {}

  /** Marks the code used, or, if it was used before, revokes the grant issued from it. */
  Mono<CodeUse> useCode(String codeHash, Instant now);

  /** Starts a grant from a code's first use, with its first refresh token. */
  Mono<Void> startGrant(
      String codeHash,
      RelyingPartyGrant grant,
      String refreshHash,
      Instant refreshExpiresAt,
      List<AuditEvent> audit);

  /** The outcome of presenting a refresh token. */
  sealed interface RefreshUse {}

  record Rotated(RelyingPartyGrant grant) implements RefreshUse {}

  /** A spent refresh token came back: its grant is revoked in the same transaction. */
  record RefreshReused(String aId, String uId, String grantId) implements RefreshUse {}

  record RefreshUnknown() implements RefreshUse {}

  /**
   * The grant is bound to a DPoP key the request did not prove: nothing changed (the token stays usable by the key's
   * holder, and a spent one is not counted as reused), so someone who only stole the token cannot spend it.
   */
  record RefreshKeyMismatch(boolean proofGiven) implements RefreshUse {}

  /**
   * Rotates a live refresh token of client {@code aId} to {@code nextHash}, if the request proved the grant's DPoP
   * key ({@code proofThumbprint}) when the grant has one.
   */
  Mono<RefreshUse> rotate(
      String aId,
      String presentedHash,
      @Nullable String proofThumbprint,
      String nextHash,
      Instant nextExpiresAt,
      Instant now);

  /** The grant, if it has not been revoked. */
  Mono<RelyingPartyGrant> activeGrant(String grantId);

  /** Revokes the grant of client {@code aId} that this refresh token belongs to; false if there is none. */
  Mono<Boolean> revokeByRefresh(String aId, String refreshHash, List<AuditEvent> audit);

  /** Revokes the grant; false if it did not exist, belonged to another client or was already revoked. */
  Mono<Boolean> revoke(String aId, String grantId, List<AuditEvent> audit);

  /** A refresh token that may still be used: not spent, not expired, its grant not revoked. */
  record LiveRefresh(RelyingPartyGrant grant, Instant expiresAt) {}

  /** The live refresh token with this hash (read only: nothing is rotated), if there is one. */
  Mono<LiveRefresh> liveRefresh(String refreshHash, Instant now);
}
