package org.kith.core.account;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import org.kith.core.Digests;
import org.kith.core.Rejected;
import org.kith.core.audit.AccountEvent;
import org.kith.core.audit.AuditEvent;
import org.kith.core.audit.AuditTrail;
import reactor.core.publisher.Mono;

/**
 * A person's TOTP authenticator (RFC 6238: HMAC-SHA-1, 6 digits, 30-second steps, one step of drift either way)
 * and the second step of their logins. The key is sealed at rest ({@link SecretSealer}); a code is accepted only
 * for a time step later than the last one used, so a code is good once; the ten recovery codes are stored as keyed
 * hashes and each is good once. Wrong codes are slowed down like wrong passwords: growing delays per (account,
 * client) and a budget per account. Thread-safe.
 */
public final class TotpService {
  /** How many recovery codes a confirmation issues. */
  public static final int RECOVERY_CODES = 10;

  /** The grant type of a login's second step. */
  public static final String GRANT = "mfa_otp";

  private static final String ISSUER = "Kith";
  private static final String SIX_DIGITS = "\\d{6}";
  /** Recovery-code letters: no 0/o, 1/l/i, so a code read aloud or copied by hand survives. */
  private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

  private static final SecureRandom RANDOM = new SecureRandom();

  /** A started enrolment: the key for the authenticator app, as text and as an {@code otpauth://} URI. */
  public record Enrolment(String secret, String otpauthUri) {}

  /** What an authenticator change needs besides the store. */
  public record Dependencies(
      SecondFactorStore store,
      MfaChallenges challenges,
      SessionService sessions,
      AccountStore accounts,
      PasswordHasher passwords,
      SecretHasher secrets,
      SecretSealer sealer,
      OneTimePasswords otp,
      LoginThrottle throttle,
      AccountSettings settings,
      AuditTrail audit) {}

  private final Dependencies d;
  private final Clock clock;

  public TotpService(Dependencies dependencies, Clock clock) {
    this.d = dependencies;
    this.clock = clock;
  }

  /** Whether the caller has an active (confirmed) authenticator: what the account page shows. */
  public Mono<Boolean> active(Principal caller) {
    return person(caller)
        .then(d.store().totp(caller.uId()))
        .map(SecondFactorStore.Totp::active)
        .defaultIfEmpty(false);
  }

  /** Starts (or restarts) an enrolment: a new key, not yet asked for at login; 409 if one is active. */
  public Mono<Enrolment> enrol(Principal caller) {
    return person(caller).then(Mono.defer(() -> {
      String key = d.otp().newKey();
      return d.store()
          .startTotp(caller.uId(), d.sealer().seal(key, caller.uId()), clock.instant())
          .flatMap(started -> started
              ? Mono.just(new Enrolment(key, uri(caller.username(), key)))
              : Mono.error(Rejected.conflict(
                  "a TOTP authenticator is already active; remove it before enrolling another")));
    }));
  }

  /** Confirms the enrolment with a current code: from now on logins ask for codes. Returns the recovery codes. */
  public Mono<List<String>> confirm(Principal caller, String code) {
    Instant now = clock.instant();
    return person(caller)
        .then(d.store().totp(caller.uId()))
        .filter(t -> !t.active())
        .switchIfEmpty(Mono.error(() -> Rejected.conflict(
            "there is no enrolment to confirm: start one with POST /v1/auth/mfa/totp")))
        .flatMap(totp -> {
          OptionalLong step = matchingStep(caller.uId(), totp, code, now);
          if (step.isEmpty()) {
            return Mono.error(
                Rejected.invalid("code", "wrong code: enter the current code of the app"));
          }
          List<String> codes = new ArrayList<>();
          List<String> hashes = new ArrayList<>();
          for (int i = 0; i < RECOVERY_CODES; i++) {
            String c = recoveryCode();
            codes.add(c);
            hashes.add(recoveryHash(caller.uId(), c));
          }
          return d.store()
              .activateTotp(
                  caller.uId(),
                  step.getAsLong(),
                  hashes,
                  List.of(event(caller.uId(), now, new AccountEvent.TotpEnabled())))
              .flatMap(done -> done
                  ? Mono.just(List.copyOf(codes))
                  : Mono.error(Rejected.conflict("the enrolment changed meanwhile; start again")));
        });
  }

  /**
   * Removes the authenticator, proven by the password or a current code (or a recovery code); wrong proofs are
   * throttled like wrong codes at login. 404 if there is none.
   */
  public Mono<Void> disable(
      Principal caller, @Nullable String password, @Nullable String code, String client) {
    boolean byPassword = password != null && !password.isEmpty();
    if (!byPassword && (code == null || code.isBlank())) {
      return Mono.error(
          Rejected.invalid("password", "send your password or a current code of the app"));
    }
    Instant now = clock.instant();
    String uId = caller.uId();
    return person(caller)
        .then(d.store().totp(uId))
        .switchIfEmpty(
            Mono.error(() -> Rejected.notFound("there is no TOTP authenticator to remove")))
        .flatMap(totp -> throttled(
            uId,
            client,
            now,
            byPassword
                ? d.accounts()
                    .passwordHash(uId)
                    .flatMap(hash -> d.passwords().verify(password, hash))
                    .defaultIfEmpty(false)
                : secondFactor(uId, java.util.Objects.requireNonNull(code), now)))
        .flatMap(ok -> d.store()
            .removeTotp(
                uId,
                List.of(event(
                    uId, now, new AccountEvent.TotpDisabled(byPassword ? "password" : "otp"))))
            .then());
  }

  /** {@code grant_type=mfa_otp}: the second step of a login, with its {@code mfa_token} and a code. */
  public Mono<TokenGrant> mfaGrant(String mfaToken, String otp, String client) {
    Instant now = clock.instant();
    String hash = d.challenges().hash(mfaToken);
    return d.store()
        .challenge(hash, now)
        .filter(c -> c.client().equals(client))
        .switchIfEmpty(Mono.error(() -> Rejected.unauthenticated(
            "the mfa_token is not valid (it may have expired or been used): log in again")))
        .flatMap(c -> throttled(c.uId(), client, now, secondFactor(c.uId(), otp, now))
            .then(d.store().takeChallenge(hash))
            .flatMap(taken -> taken
                ? d.sessions().completeLogin(c.uId(), GRANT, AuthenticationMethods.PASSWORD_AND_OTP)
                : Mono.error(Rejected.unauthenticated("the mfa_token was already used"))));
  }

  /**
   * Runs a proof under the throttle of (account, client) and the account's budget: a premature try is 429 without
   * looking at the proof; a wrong one is counted, audited and 401; a right one forgets the client's failures.
   */
  private Mono<Boolean> throttled(String uId, String client, Instant now, Mono<Boolean> proof) {
    String clientKey = "otp-client:" + client + " " + uId;
    String accountKey = "otp-user:" + uId;
    AccountSettings.LoginLimits limits = d.settings().login();
    return d.throttle().status(List.of(clientKey, accountKey), now).flatMap(status -> {
      LoginThrottle.Status ofClient = status.get(0);
      Duration wait =
          LoginThrottle.Status.longestBlock(ofClient.counting() ? status : List.of(ofClient));
      if (!wait.isZero()) {
        return Mono.error(Rejected.tooManyRequests("too many wrong codes; try again later", wait));
      }
      return proof.flatMap(ok -> ok
          ? (ofClient.counting() ? d.throttle().clear(clientKey) : Mono.<Void>empty())
              .thenReturn(true)
          : d.throttle()
              .recordBackoff(clientKey, limits.perClient(), now)
              .then(d.throttle().recordSpend(accountKey, limits.perUsername(), now))
              .then(d.audit()
                  .append(
                      List.of(event(uId, now, new AccountEvent.LoginFailed(GRANT, "invalid_otp")))))
              .then(Mono.error(Rejected.unauthenticated("wrong code or password"))));
    });
  }

  /** A TOTP code of the active authenticator (used up), or else an unused recovery code (used up). */
  private Mono<Boolean> secondFactor(String uId, String code, Instant now) {
    String given = code.strip();
    if (given.matches(SIX_DIGITS)) {
      return d.store()
          .totp(uId)
          .filter(SecondFactorStore.Totp::active)
          .flatMap(totp -> {
            OptionalLong step = matchingStep(uId, totp, given, now);
            return step.isEmpty()
                ? Mono.just(false)
                : d.store().useStep(uId, step.getAsLong(), List.of());
          })
          .defaultIfEmpty(false);
    }
    return d.store()
        .useRecoveryCode(
            uId,
            recoveryHash(uId, given),
            List.of(event(uId, now, new AccountEvent.RecoveryCodeUsed())));
  }

  /** The step, within one of now and later than the last one used, whose code is {@code code}. */
  private OptionalLong matchingStep(
      String uId, SecondFactorStore.Totp totp, String code, Instant now) {
    if (!code.matches(SIX_DIGITS)) {
      return OptionalLong.empty();
    }
    String key = d.sealer().open(totp.sealedKey(), uId);
    long current = Math.floorDiv(now.getEpochSecond(), OneTimePasswords.PERIOD_SECONDS);
    OptionalLong found = OptionalLong.empty();
    for (long step = current - 1; step <= current + 1; step++) {
      boolean same = Digests.same(d.otp().code(key, step), code);
      if (same && step > totp.lastStep() && found.isEmpty()) {
        found = OptionalLong.of(step);
      }
    }
    return found;
  }

  private static String recoveryCode() {
    StringBuilder b = new StringBuilder(11);
    for (int i = 0; i < 10; i++) {
      if (i == 5) {
        b.append('-');
      }
      b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return b.toString();
  }

  /** Case, dashes and spaces do not matter in a recovery code. */
  private String recoveryHash(String uId, String code) {
    String plain = code.toLowerCase(Locale.ROOT).replaceAll("[\\s-]", "");
    return d.secrets().hash("recovery-code:" + uId + ":" + plain);
  }

  private static String uri(String username, String key) {
    String label = encode(ISSUER + ":" + username);
    return "otpauth://totp/" + label + "?secret=" + key + "&issuer=" + encode(ISSUER)
        + "&algorithm=SHA1&digits=6&period=" + OneTimePasswords.PERIOD_SECONDS;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static AuditEvent event(String uId, Instant now, AccountEvent details) {
    return AuditEvent.of(uId, uId, now, details);
  }

  /** Authenticators are a person's own: only a signed-in session (not a PAT, not an application) manages them. */
  private static Mono<Void> person(Principal caller) {
    return caller.credential() == Principal.Credential.TOKEN && caller.sessionId() != null
        ? Mono.empty()
        : Mono.error(Rejected.forbidden("manage second factors from a signed-in session"));
  }
}
