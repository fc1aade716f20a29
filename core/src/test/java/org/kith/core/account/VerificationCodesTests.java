package org.kith.core.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.core.ProblemKind;
import org.kith.core.Rejected;
import org.kith.core.account.VerificationCodeStore.Attempt;
import org.kith.core.account.VerificationCodeStore.Outcome;
import org.kith.core.account.VerificationCodeStore.StoredCode;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

@DisplayName("emailed verification codes")
class VerificationCodesTests {
  private static final Duration TTL = Duration.ofHours(24);
  private static final Duration LOCK = Duration.ofMinutes(15);
  private static final int MAX_FAILURES = 3;

  /** A clock the test moves. */
  static final class MovingClock extends Clock {
    Instant now = Instant.parse("2026-05-01T08:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  static AccountSettings settings() {
    return new AccountSettings(
        Set.of(" Admin@Example.org ", ""),
        TTL,
        MAX_FAILURES,
        LOCK,
        Duration.ofDays(30),
        new AccountSettings.LoginLimits(
            new LoginThrottle.Backoff(
                3, Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofHours(1)),
            new LoginThrottle.Budget(10, Duration.ofMinutes(1)),
            100,
            Duration.ofHours(1)),
        new LoginThrottle.Budget(3, Duration.ofHours(1)),
        "https://kith.example/");
  }

  private final Map<String, StoredCode> codes = new HashMap<>();
  private final List<Mailer.Email> mails = new ArrayList<>();
  private final MovingClock clock = new MovingClock();
  private final VerificationCodes verification = new VerificationCodes(
      new VerificationCodeStore() {
        @Override
        public Mono<Void> put(String uId, CodePurpose purpose, StoredCode code) {
          return Mono.fromRunnable(() -> codes.put(uId + "/" + purpose, code));
        }

        @Override
        public Mono<StoredCode> get(String uId, CodePurpose purpose) {
          return Mono.fromCallable(() -> codes.get(uId + "/" + purpose));
        }

        @Override
        public synchronized Mono<Attempt> attempt(
            String uId, CodePurpose purpose, String presentedHash, Instant now, int triesPerCode) {
          return Mono.fromCallable(() -> {
            StoredCode c = codes.get(uId + "/" + purpose);
            if (c == null) {
              return null;
            }
            Outcome outcome = c.lockedUntil() != null && now.isBefore(c.lockedUntil())
                ? Outcome.LOCKED
                : !now.isBefore(c.expiresAt())
                    ? Outcome.EXPIRED
                    : c.tries() >= triesPerCode
                        ? Outcome.SPENT
                        : c.codeHash().equals(presentedHash) ? Outcome.RIGHT : Outcome.WRONG;
            if (outcome == Outcome.WRONG) {
              c = new StoredCode(
                  c.codeHash(), c.expiresAt(), c.failures() + 1, c.lockedUntil(), c.tries() + 1);
              codes.put(uId + "/" + purpose, c);
            }
            return new Attempt(c, outcome);
          });
        }

        @Override
        public Mono<Void> delete(String uId, CodePurpose purpose) {
          return Mono.fromRunnable(() -> codes.remove(uId + "/" + purpose));
        }
      },
      secret -> "h(" + secret + ")",
      email -> Mono.fromRunnable(() -> mails.add(email)),
      settings(),
      clock);

  private final Account ana = new Account("u1", "ana@example.org", false, false, false, clock.now);

  private String lastCode() {
    String body = mails.get(mails.size() - 1).textBody();
    int at = body.indexOf("code is: ") + "code is: ".length();
    return body.substring(at, at + 6);
  }

  private String lastCancelToken() {
    String body = mails.get(mails.size() - 1).textBody();
    return body.substring(body.indexOf("token=") + "token=".length()).strip();
  }

  private static void refused(Mono<?> mono, ProblemKind kind, String message) {
    StepVerifier.create(mono).verifyErrorSatisfies(e -> {
      assertThat(((Rejected) e).kind()).isEqualTo(kind);
      assertThat(e).hasMessageContaining(message);
    });
  }

  @Test
  @DisplayName(
      "a code is six digits, emailed, stored only as its hash, and valid for the configured time")
  void issue() {
    verification.issue(ana, CodePurpose.SIGNUP, 0).block();
    assertThat(mails).singleElement().satisfies(m -> {
      assertThat(m.to()).isEqualTo("ana@example.org");
      assertThat(m.textBody()).contains("expires in 24 hours");
    });
    String code = lastCode();
    assertThat(code).containsOnlyDigits();
    StoredCode stored = codes.get("u1/SIGNUP");
    assertThat(stored.codeHash()).isEqualTo("h(" + code + ")");
    assertThat(stored.expiresAt()).isEqualTo(clock.now.plus(TTL));
  }

  @Test
  @DisplayName("the right code is accepted once")
  void rightCode() {
    verification.issue(ana, CodePurpose.SIGNUP, 0).block();
    StepVerifier.create(verification.check(ana, CodePurpose.SIGNUP, lastCode())).verifyComplete();
    assertThat(codes).doesNotContainKey("u1/SIGNUP");
  }

  @Test
  @DisplayName(
      "a wrong code is a 400 on verification_code saying how many tries remain; the code still works")
  void wrongCode() {
    verification.issue(ana, CodePurpose.SIGNUP, 0).block();
    String first = lastCode();
    String wrong = first.equals("000000") ? "111111" : "000000";
    StepVerifier.create(verification.check(ana, CodePurpose.SIGNUP, wrong))
        .verifyErrorSatisfies(e -> {
          assertThat(((Rejected) e).errors())
              .singleElement()
              .satisfies(f -> assertThat(f.path()).isEqualTo("verification_code"));
          assertThat(((Rejected) e).extensions())
              .containsEntry("tries_remaining", MAX_FAILURES - 1);
          assertThat(e).hasMessageContaining("the code is wrong");
        });
    assertThat(mails).hasSize(1);
    assertThat(codes.get("u1/SIGNUP").failures()).isEqualTo(1);
    StepVerifier.create(verification.check(ana, CodePurpose.SIGNUP, first)).verifyComplete();
  }

  @Test
  @DisplayName(
      "the last wrong try of a code replaces it with a new emailed code; the old one stops working")
  void replaced() {
    verification.issue(ana, CodePurpose.SIGNUP, 0).block();
    String first = lastCode();
    for (int i = 1; i <= MAX_FAILURES; i++) {
      int left = MAX_FAILURES - i;
      StepVerifier.create(verification.check(ana, CodePurpose.SIGNUP, "wrong"))
          .verifyErrorSatisfies(
              e -> assertThat(((Rejected) e).extensions()).containsEntry("tries_remaining", left));
    }
    assertThat(mails).hasSize(2);
    if (!lastCode().equals(first)) {
      refused(
          verification.check(ana, CodePurpose.SIGNUP, first),
          ProblemKind.VALIDATION,
          "the code is wrong");
    }
  }

  @Test
  @DisplayName("an expired code is refused even when right, and a new one is emailed")
  void expired() {
    verification.issue(ana, CodePurpose.SIGNUP, 0).block();
    String code = lastCode();
    clock.now = clock.now.plus(TTL);
    refused(verification.check(ana, CodePurpose.SIGNUP, code), ProblemKind.VALIDATION, "expired");
    assertThat(mails).hasSize(2);
    assertThat(codes.get("u1/SIGNUP").expiresAt()).isEqualTo(clock.now.plus(TTL));
  }

  @Test
  @DisplayName("with no code pending, one is emailed and the attempt is a 400")
  void nonePending() {
    refused(
        verification.check(ana, CodePurpose.PASSWORD_RESET, "123456"),
        ProblemKind.VALIDATION,
        "no code is pending");
    assertThat(mails).hasSize(1);
    assertThat(codes).containsKey("u1/PASSWORD_RESET");
  }

  @Test
  @DisplayName(
      "three codes used up in a row lock the account's codes (429), even for the right code, until the lock ends")
  void lock() {
    verification.issue(ana, CodePurpose.SIGNUP, 0).block();
    for (int i = 1; i < MAX_FAILURES * VerificationCodes.CODES_BEFORE_LOCK; i++) {
      refused(
          verification.check(ana, CodePurpose.SIGNUP, "wrong"), ProblemKind.VALIDATION, "wrong");
    }
    StepVerifier.create(verification.check(ana, CodePurpose.SIGNUP, "wrong"))
        .verifyErrorSatisfies(e -> {
          assertThat(((Rejected) e).kind()).isEqualTo(ProblemKind.TOO_MANY_REQUESTS);
          assertThat(((Rejected) e).retryAfter()).isEqualTo(LOCK);
        });
    String live = lastCode();
    int mailed = mails.size();
    clock.now = clock.now.plus(Duration.ofMinutes(5));
    StepVerifier.create(verification.check(ana, CodePurpose.SIGNUP, live))
        .verifyErrorSatisfies(e ->
            assertThat(((Rejected) e).retryAfter()).isEqualTo(LOCK.minus(Duration.ofMinutes(5))));
    assertThat(mails).hasSize(mailed);
    clock.now = clock.now.plus(LOCK);
    StepVerifier.create(verification.check(ana, CodePurpose.SIGNUP, live)).verifyComplete();
  }

  @Test
  @DisplayName("a reset email carries a single-use cancel link under the public address")
  void resetCancel() {
    verification.issue(ana, CodePurpose.PASSWORD_RESET, 0).block();
    assertThat(mails.get(0).textBody())
        .contains("https://kith.example/v1/auth/password-reset/cancel?token=u1.");
    String token = lastCancelToken();
    assertThat(verification.redeemCancel(token).block()).isEqualTo("u1");
    assertThat(codes).doesNotContainKeys("u1/PASSWORD_RESET", "u1/PASSWORD_RESET_CANCEL");
    assertThat(verification.redeemCancel(token).block()).isNull();
  }

  @Test
  @DisplayName("a cancel link stops working when it expires, is altered, or the reset is confirmed")
  void cancelRefused() {
    verification.issue(ana, CodePurpose.PASSWORD_RESET, 0).block();
    String token = lastCancelToken();
    assertThat(verification.redeemCancel(token + "x").block()).isNull();
    assertThat(verification.redeemCancel("u2" + token.substring(2)).block()).isNull();
    assertThat(verification.redeemCancel("no-separator").block()).isNull();
    assertThat(verification.redeemCancel(".secret").block()).isNull();
    clock.now = clock.now.plus(TTL);
    assertThat(verification.redeemCancel(token).block()).isNull();
    verification.issue(ana, CodePurpose.PASSWORD_RESET, 0).block();
    String fresh = lastCancelToken();
    verification.endReset("u1").block();
    assertThat(verification.redeemCancel(fresh).block()).isNull();
    assertThat(codes).containsKey("u1/PASSWORD_RESET");
  }

  @Test
  @DisplayName("a newer reset email replaces the older email's code and cancel link")
  void newestWins() {
    verification.issue(ana, CodePurpose.PASSWORD_RESET, 0).block();
    String oldToken = lastCancelToken();
    verification.issue(ana, CodePurpose.PASSWORD_RESET, 0).block();
    assertThat(verification.redeemCancel(oldToken).block()).isNull();
    assertThat(verification.redeemCancel(lastCancelToken()).block()).isEqualTo("u1");
  }
}
