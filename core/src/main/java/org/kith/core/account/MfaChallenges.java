package org.kith.core.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.kith.core.Ids;
import org.kith.core.Rejected;
import reactor.core.publisher.Mono;

/**
 * The second step of a password login of an account with a second factor (an active TOTP authenticator, or a
 * registered passkey: a passkey is a second factor too, so an account with only passkeys is asked for one after its
 * password): instead of tokens, a 256-bit {@code mfa_token}, stored as its keyed hash with the account and the
 * client address of the login, valid for {@link #TTL} and used once, by {@link TotpService#mfaGrant} or by a
 * passkey assertion of the same account. Thread-safe.
 */
public final class MfaChallenges implements SecondFactorGate {
  /** How long the second step may wait. */
  public static final Duration TTL = Duration.ofMinutes(5);

  private final SecondFactorStore store;
  private final PasskeyStore passkeys;
  private final SecretHasher secrets;
  private final Clock clock;

  public MfaChallenges(
      SecondFactorStore store, PasskeyStore passkeys, SecretHasher secrets, Clock clock) {
    this.store = store;
    this.passkeys = passkeys;
    this.secrets = secrets;
    this.clock = clock;
  }

  @Override
  public Mono<Void> afterPassword(Account account, String clientAddress) {
    Mono<Boolean> totp = store.totp(account.uId()).map(SecondFactorStore.Totp::active);
    return totp.defaultIfEmpty(false)
        .flatMap(
            active -> active ? Mono.just(true) : passkeys.list(account.uId()).hasElements())
        .filter(Boolean::booleanValue)
        .flatMap(required -> {
          String token = Ids.secret256();
          Instant now = clock.instant();
          return store
              .saveChallenge(hash(token), account.uId(), clientAddress, now.plus(TTL), now)
              .then(Mono.<Void>error(Rejected.mfaRequired(
                  "the account asks for a second factor: send grant_type=mfa_otp with this mfa_token and the"
                      + " code of your authenticator app (or a recovery code), or grant_type=webauthn with this"
                      + " mfa_token and a passkey's assertion as credential",
                  token)));
        });
  }

  /** The account of a live {@code mfa_token} of a login from {@code client}; else 401. Takes nothing. */
  public Mono<String> pending(String mfaToken, String client) {
    return store
        .challenge(hash(mfaToken), clock.instant())
        .filter(c -> c.client().equals(client))
        .map(SecondFactorStore.Challenge::uId)
        .switchIfEmpty(Mono.error(() -> Rejected.unauthenticated(
            "the mfa_token is not valid (it may have expired or been used): log in again")));
  }

  /** Uses up the {@code mfa_token} (once its second factor is proven); 401 if another request took it first. */
  public Mono<Void> take(String mfaToken) {
    return store
        .takeChallenge(hash(mfaToken))
        .flatMap(taken -> taken
            ? Mono.<Void>empty()
            : Mono.error(Rejected.unauthenticated("the mfa_token was already used")));
  }

  /** Removes the expired {@code mfa_token}s of all accounts (those of an account are also removed at its next login). */
  public Mono<Long> purgeExpired() {
    return store.purgeChallenges(clock.instant());
  }

  String hash(String token) {
    return secrets.hash("mfa-token:" + token);
  }
}
