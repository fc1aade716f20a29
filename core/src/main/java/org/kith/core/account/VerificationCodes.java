package org.kith.core.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.kith.core.Digests;
import org.kith.core.Ids;
import org.kith.core.Rejected;
import org.kith.core.account.VerificationCodeStore.StoredCode;
import reactor.core.publisher.Mono;

/**
 * Emailed six-digit codes: stored as keyed hashes, valid for a day; a code takes a few wrong answers (the
 * problem says how many remain), then a new emailed code replaces it. After a few codes used up in a row the
 * account's codes are locked for a while (429), which bounds guessing to a handful of tries per lock period.
 */
final class VerificationCodes {
  /** Codes used up (every try wrong) in a row before the account's codes are locked. */
  static final int CODES_BEFORE_LOCK = 3;

  private static final char CANCEL_SEPARATOR = '.';
  private final VerificationCodeStore store;
  private final SecretHasher hasher;
  private final Mailer mailer;
  private final AccountSettings settings;
  private final Clock clock;

  VerificationCodes(
      VerificationCodeStore store,
      SecretHasher hasher,
      Mailer mailer,
      AccountSettings settings,
      Clock clock) {
    this.store = store;
    this.hasher = hasher;
    this.mailer = mailer;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * Issues a fresh code, keeping the failure count, and emails it. A reset email also carries a fresh
   * single-use "I did not ask for this" link; the newest email's code and link are the live ones.
   */
  Mono<Void> issue(Account account, CodePurpose purpose, int failures) {
    String code = Ids.digits(6);
    Instant expires = clock.instant().plus(settings.codeTtl());
    StoredCode stored = new StoredCode(hasher.hash(code), expires, failures, null);
    if (purpose != CodePurpose.PASSWORD_RESET) {
      return store
          .put(account.uId(), purpose, stored)
          .then(mailer.send(email(account, purpose, code, "")));
    }
    String cancel = Ids.secret256();
    return store
        .put(
            account.uId(),
            CodePurpose.PASSWORD_RESET_CANCEL,
            new StoredCode(hasher.hash(cancel), expires, 0, null))
        .then(store.put(account.uId(), purpose, stored))
        .then(
            mailer.send(email(account, purpose, code, account.uId() + CANCEL_SEPARATOR + cancel)));
  }

  /**
   * Redeems an "I did not ask for this" token ({@code <u_id>.<secret>}): completes with the account's
   * {@code u_id} once the token is consumed and the reset's code deleted; empty if the token is unknown,
   * used or expired.
   */
  Mono<String> redeemCancel(String token) {
    int dot = token.lastIndexOf(CANCEL_SEPARATOR);
    if (dot <= 0) {
      return Mono.empty();
    }
    String uId = token.substring(0, dot);
    String presented = hasher.hash(token.substring(dot + 1));
    Instant now = clock.instant();
    return store
        .get(uId, CodePurpose.PASSWORD_RESET_CANCEL)
        .filter(c -> now.isBefore(c.expiresAt()) && Digests.same(c.codeHash(), presented))
        .flatMap(c -> store
            .delete(uId, CodePurpose.PASSWORD_RESET_CANCEL)
            .then(store.delete(uId, CodePurpose.PASSWORD_RESET))
            .thenReturn(uId));
  }

  /** Ends a reset's codes once it is confirmed: its "I did not ask for this" link stops working. */
  Mono<Void> endReset(String uId) {
    return store.delete(uId, CodePurpose.PASSWORD_RESET_CANCEL);
  }

  /**
   * Checks a presented code. Completes empty when it is right (the code is consumed); otherwise fails with a
   * 400 carrying {@code tries_remaining}: a code takes {@link AccountSettings#codeMaxFailures} wrong answers, then
   * it is replaced by a new emailed one. After {@link #CODES_BEFORE_LOCK} codes used up in a row the account's
   * codes are locked for a while (429). The answer is compared and counted in one store transaction.
   */
  Mono<Void> check(Account account, CodePurpose purpose, String presented) {
    Instant now = clock.instant();
    int perCode = settings.codeMaxFailures();
    return store
        .attempt(account.uId(), purpose, hasher.hash(presented), now, perCode)
        .switchIfEmpty(Mono.defer(() -> issue(account, purpose, 0)
            .then(Mono.error(Rejected.invalid(
                "verification_code", "no code is pending; a new code has been emailed")))))
        .flatMap(attempt -> {
          StoredCode code = attempt.code();
          return switch (attempt.outcome()) {
            case RIGHT -> store.delete(account.uId(), purpose);
            case LOCKED ->
              Mono.error(locked(Duration.between(now, Objects.requireNonNull(code.lockedUntil()))));
            case EXPIRED ->
              issue(account, purpose, code.failures())
                  .then(Mono.error(Rejected.wrongCode(
                      "verification_code",
                      "the code has expired; a new code has been emailed",
                      perCode)));
            case SPENT ->
              Mono.error(Rejected.wrongCode(
                  "verification_code",
                  "the code was tried too often; a new code has been emailed",
                  0));
            case WRONG -> wrong(account, purpose, code, perCode, now);
          };
        });
  }

  private Mono<Void> wrong(
      Account account, CodePurpose purpose, StoredCode code, int perCode, Instant now) {
    if (code.tries() < perCode) {
      int left = perCode - code.tries();
      return Mono.error(Rejected.wrongCode(
          "verification_code",
          "the code is wrong; " + left + (left == 1 ? " try remains" : " tries remain"),
          left));
    }
    if (code.failures() >= perCode * CODES_BEFORE_LOCK) {
      StoredCode lockedCode =
          new StoredCode(code.codeHash(), code.expiresAt(), 0, now.plus(settings.codeLock()));
      return store
          .put(account.uId(), purpose, lockedCode)
          .then(Mono.error(locked(settings.codeLock())));
    }
    return issue(account, purpose, code.failures())
        .then(Mono.error(Rejected.wrongCode(
            "verification_code",
            "the code is wrong and was tried " + perCode + " times; a new code has been emailed",
            0)));
  }

  private static Rejected locked(Duration retryAfter) {
    return Rejected.tooManyRequests("too many wrong codes; try again later", retryAfter);
  }

  private Mailer.Email email(
      Account account, CodePurpose purpose, String code, String cancelToken) {
    long hours = settings.codeTtl().toHours();
    return switch (purpose) {
      case SIGNUP ->
        new Mailer.Email(
            account.username(),
            "Your Kith verification code",
            "Welcome to Kith.\n\nYour verification code is: " + code + "\n\nIt expires in " + hours
                + " hours. If you did not sign up, ignore this email.\n");
      case PASSWORD_RESET ->
        new Mailer.Email(
            account.username(),
            "Your Kith password reset code",
            "Someone asked to reset the password of your Kith account.\n\nYour reset code is: "
                + code
                + "\n\nIt expires in " + hours
                + " hours. Until you set a new password, password login is "
                + "blocked; apps where you are signed in keep working.\n\nIf you did not ask for this, open this "
                + "link and press the button to cancel the reset and lift the block (the link works once):\n"
                + settings.linkBase() + "/v1/auth/password-reset/cancel?token=" + cancelToken
                + "\n");
      case PASSWORD_RESET_CANCEL ->
        throw new IllegalArgumentException("the cancel link is not emailed alone");
    };
  }
}
