package org.kith.core.oidc;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.kith.core.audit.AuditEvent;
import org.kith.core.profile.ProfileObject;
import org.kith.core.profile.ProfileObjectStore;
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

  /**
   * The code was spent and its grant started: what the code stood for, the grant ({@link Start#grant}), and the Kith
   * session the code was issued in.
   */
  record Started(
      CodeGrant code, RelyingPartyGrant grant, @Nullable String sid) implements CodeUse {}

  /** The caller refused the exchange ({@link Refuse}); the code was spent only if the refusal said so. */
  record Refused(OAuthRefusal refusal) implements CodeUse {}

  /** The code was spent, but its consent instance has ended: no grant started. */
  record ConsentEnded() implements CodeUse {}

  /** A code used before: the grant issued from it (if any) has been revoked in the same transaction. */
  record Reused(String aId, String uId) implements CodeUse {}

  /** No such code, or expired. */
  record Unknown() implements CodeUse {}

  /** What to do with a live, unused code, decided from what it stands for (without I/O, inside the transaction). */
  sealed interface Redeem {}

  /** Refuse the exchange; {@code spend} marks the code used all the same (it cannot be tried again). */
  record Refuse(OAuthRefusal refusal, boolean spend) implements Redeem {}

  /** Spend the code and start this grant with its first refresh token, if the consent instance is still active. */
  record Start(
      RelyingPartyGrant grant, String refreshHash, Instant refreshExpiresAt, List<AuditEvent> audit)
      implements Redeem {}

  /**
   * A code's exchange in one write transaction: takes the code's lock; a reused code revokes the grant it started
   * ({@link Reused}); an unknown or expired one is {@link Unknown}; a live one is put to {@code decide} (client,
   * redirect URI, PKCE and DPoP checks), and a {@link Start} spends it, re-checks that the consent instance is active
   * and starts the grant, its refresh token and its audit events.
   */
  Mono<CodeUse> redeem(String codeHash, Instant now, Function<CodeGrant, Redeem> decide);

  /** What userinfo reads for a grant. */
  sealed interface Reading {}

  /**
   * The grant is live and its consent instance active: the objects the instance exposes now (re-checked against the
   * sharer's rights) and the sharer's verification records asked for.
   */
  record Read(
      RelyingPartyGrant grant,
      String ownerUId,
      List<ProfileObject> shared,
      List<ProfileObject> records)
      implements Reading {}

  /** The grant is unknown or revoked. */
  record GrantRevoked() implements Reading {}

  /** The grant's consent instance has ended (withdrawn or past its end date). */
  record InstanceEnded() implements Reading {}

  /**
   * Userinfo's reads and its audit: the grant if not revoked, its consent instance if active, the objects it
   * exposes now, then the sharer's objects {@code records} asks for (none when it answers null), all as of one
   * moment (a store may remember them while no commit has changed them), and, only for a {@link Read}, the events
   * {@code audit} makes of the grant, durable before the reading completes.
   */
  Mono<Reading> read(
      String grantId,
      Instant now,
      Function<List<ProfileObject>, ProfileObjectStore.@Nullable VisibleQuery> records,
      Function<RelyingPartyGrant, List<AuditEvent>> audit);

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
