package org.kith.core.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.kith.core.Ids;
import org.kith.core.Rejected;
import reactor.core.publisher.Mono;

/**
 * The second step of a password login of an account with an active TOTP authenticator: instead of tokens, a
 * 256-bit {@code mfa_token}, stored as its keyed hash with the account and the client address of the login, valid
 * for {@link #TTL} and used once ({@link TotpService#mfaGrant}). Thread-safe.
 */
public final class MfaChallenges implements SecondFactorGate {
  /** How long the second step may wait. */
  public static final Duration TTL = Duration.ofMinutes(5);

  private final SecondFactorStore store;
  private final SecretHasher secrets;
  private final Clock clock;

  public MfaChallenges(SecondFactorStore store, SecretHasher secrets, Clock clock) {
    this.store = store;
    this.secrets = secrets;
    this.clock = clock;
  }

  @Override
  public Mono<Void> afterPassword(Account account, String clientAddress) {
    return store.totp(account.uId()).filter(SecondFactorStore.Totp::active).flatMap(totp -> {
      String token = Ids.secret256();
      Instant now = clock.instant();
      return store
          .saveChallenge(hash(token), account.uId(), clientAddress, now.plus(TTL), now)
          .then(Mono.<Void>error(Rejected.mfaRequired(
              "the account asks for a second factor: send grant_type=mfa_otp with this mfa_token and the"
                  + " code of your authenticator app (or a recovery code)",
              token)));
    });
  }

  String hash(String token) {
    return secrets.hash("mfa-token:" + token);
  }
}
