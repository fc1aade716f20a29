package org.kith.core.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.core.ProblemKind;
import org.kith.core.Rejected;
import org.kith.core.audit.AuditEvent;
import org.kith.core.audit.AuditTrail;
import org.kith.core.audit.AuditType;
import org.kith.core.audit.RecordedEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@DisplayName("TOTP rules: window of one step, a code once, recovery codes once, sealed keys")
class TotpServiceTests {
  private static final Instant NOW = Instant.parse("2026-12-06T12:00:10Z");
  private static final long STEP = NOW.getEpochSecond() / 30;
  private static final Principal ANA = new Principal(
      "u-ana",
      "ana@example.org",
      Set.of("user"),
      Set.of(Scope.values()),
      "f-1",
      Principal.Credential.TOKEN);

  /** Codes that differ by key and step, so a test can name the code of any step without the real HMAC. */
  private static final OneTimePasswords CODES = new OneTimePasswords() {
    @Override
    public String newKey() {
      return "JBSWY3DPEHPK3PXP";
    }

    @Override
    public String code(String base32Key, long step) {
      return String.format(
          Locale.ROOT, "%06d", Math.floorMod(base32Key.hashCode() * 31L + step, 1_000_000L));
    }
  };

  private final MemorySecondFactors store = new MemorySecondFactors();
  private final List<AuditEvent> audit = new ArrayList<>();
  private final List<String> throttled = new ArrayList<>();
  private final TotpService totp = new TotpService(
      new TotpService.Dependencies(
          store,
          null,
          null,
          null,
          null,
          secret -> "h(" + secret + ")",
          new SecretSealer() {
            @Override
            public String seal(String plaintext, String context) {
              return "sealed:" + context + ":" + new StringBuilder(plaintext).reverse();
            }

            @Override
            public String open(String sealed, String context) {
              assertThat(sealed).startsWith("sealed:" + context + ":");
              return new StringBuilder(sealed.substring(("sealed:" + context + ":").length()))
                  .reverse()
                  .toString();
            }
          },
          CODES,
          throttle(),
          new AccountSettings(
              Set.of(),
              Duration.ofHours(24),
              5,
              Duration.ofMinutes(15),
              Duration.ofDays(30),
              new AccountSettings.LoginLimits(
                  new LoginThrottle.Backoff(
                      3, Duration.ofSeconds(1), Duration.ofMinutes(15), Duration.ofDays(1)),
                  new LoginThrottle.Budget(10, Duration.ofMinutes(1)),
                  50,
                  Duration.ofMinutes(15)),
              new LoginThrottle.Budget(3, Duration.ofMinutes(20)),
              "http://localhost"),
          trail()),
      Clock.fixed(NOW, ZoneOffset.UTC));

  private static String code(long step) {
    return CODES.code("JBSWY3DPEHPK3PXP", step);
  }

  @Test
  @DisplayName("enrolment gives the base32 key and an otpauth URI; the key is stored sealed")
  void enrol() {
    TotpService.Enrolment e = totp.enrol(ANA).block();
    assertThat(e).isNotNull();
    assertThat(e.secret()).isEqualTo("JBSWY3DPEHPK3PXP");
    assertThat(e.otpauthUri())
        .isEqualTo("otpauth://totp/Kith%3Aana%40example.org?secret=JBSWY3DPEHPK3PXP&issuer=Kith"
            + "&algorithm=SHA1&digits=6&period=30");
    assertThat(store.totp("u-ana").block().sealedKey()).doesNotContain("JBSWY3DPEHPK3PXP");
    assertThat(store.totp("u-ana").block().active()).isFalse();
  }

  @Test
  @DisplayName("confirmation takes a code of the previous, current or next step, not two away")
  void window() {
    totp.enrol(ANA).block();
    assertRejected(() -> totp.confirm(ANA, code(STEP + 2)).block(), ProblemKind.VALIDATION);
    assertRejected(() -> totp.confirm(ANA, code(STEP - 2)).block(), ProblemKind.VALIDATION);
    List<String> codes = totp.confirm(ANA, code(STEP + 1)).block();
    assertThat(codes)
        .hasSize(10)
        .doesNotHaveDuplicates()
        .allMatch(c -> c.matches("[a-z2-9]{5}-[a-z2-9]{5}"));
    assertThat(store.audited).extracting(AuditEvent::eventType).containsExactly("mfa_totp_enable");
    assertRejected(() -> totp.enrol(ANA).block(), ProblemKind.CONFLICT);
    assertRejected(() -> totp.confirm(ANA, code(STEP)).block(), ProblemKind.CONFLICT);
  }

  @Test
  @DisplayName("a code is good once: neither it nor an earlier step's code works again")
  void replay() {
    totp.enrol(ANA).block();
    totp.confirm(ANA, code(STEP)).block();
    assertRejected(
        () -> totp.disable(ANA, null, code(STEP), "c").block(), ProblemKind.UNAUTHENTICATED);
    assertRejected(
        () -> totp.disable(ANA, null, code(STEP - 1), "c").block(), ProblemKind.UNAUTHENTICATED);
    assertThat(throttled).hasSize(4);
    assertThat(audit)
        .extracting(AuditEvent::eventType)
        .containsExactly("login_error", "login_error");
    totp.disable(ANA, null, code(STEP + 1), "c").block();
    assertThat(store.totp("u-ana").block()).isNull();
    assertThat(store.audited.get(store.audited.size() - 1).type())
        .contains(AuditType.MFA_TOTP_DISABLE);
  }

  @Test
  @DisplayName("a recovery code works once, whatever its case and dash")
  void recoveryCodes() {
    totp.enrol(ANA).block();
    List<String> codes = totp.confirm(ANA, code(STEP)).block();
    assertThat(codes).isNotNull();
    String first = codes.get(0);
    // the code as a login would use it (removal is the service's other use of recovery codes)
    assertThat(store
            .useRecoveryCode(
                "u-ana", "h(recovery-code:u-ana:" + first.replace("-", "") + ")", List.of())
            .block())
        .isTrue();
    assertRejected(() -> totp.disable(ANA, null, first, "c").block(), ProblemKind.UNAUTHENTICATED);
    totp.disable(ANA, null, codes.get(1).toUpperCase(Locale.ROOT).replace("-", " "), "c")
        .block();
    assertThat(store.totp("u-ana").block()).isNull();
    assertThat(store.audited).extracting(AuditEvent::eventType).contains("mfa_recovery_code_use");
  }

  @Test
  @DisplayName("only a signed-in session manages authenticators; removal needs a proof")
  void who() {
    Principal pat = new Principal(
        "u-ana",
        "ana@example.org",
        Set.of("user"),
        Set.of(Scope.values()),
        null,
        Principal.Credential.PERSONAL_ACCESS_TOKEN);
    assertRejected(() -> totp.enrol(pat).block(), ProblemKind.FORBIDDEN);
    assertRejected(() -> totp.disable(ANA, null, null, "c").block(), ProblemKind.VALIDATION);
    assertRejected(() -> totp.disable(ANA, null, "123456", "c").block(), ProblemKind.NOT_FOUND);
  }

  private static void assertRejected(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ProblemKind kind) {
    assertThatThrownBy(call)
        .isInstanceOf(Rejected.class)
        .satisfies(e -> assertThat(((Rejected) e).kind()).isEqualTo(kind));
  }

  private LoginThrottle throttle() {
    return new LoginThrottle() {
      @Override
      public Mono<List<Status>> status(List<String> keys, Instant now) {
        return Mono.just(
            keys.stream().map(k -> new Status(Duration.ZERO, false)).toList());
      }

      @Override
      public Mono<Void> recordFailure(String key, int limit, Duration window, Instant now) {
        return Mono.fromRunnable(() -> throttled.add(key));
      }

      @Override
      public Mono<Void> recordBackoff(String key, Backoff backoff, Instant now) {
        return Mono.fromRunnable(() -> throttled.add(key));
      }

      @Override
      public Mono<Void> recordSpend(String key, Budget budget, Instant now) {
        return Mono.fromRunnable(() -> throttled.add(key));
      }

      @Override
      public Mono<Void> clear(String key) {
        return Mono.empty();
      }

      @Override
      public Mono<Long> purgeExpired(Instant now) {
        return Mono.just(0L);
      }
    };
  }

  private AuditTrail trail() {
    return new AuditTrail() {
      @Override
      public Mono<Void> append(List<AuditEvent> events) {
        return Mono.fromRunnable(() -> audit.addAll(events));
      }

      @Override
      public Flux<RecordedEvent> events(
          String subject, @org.jspecify.annotations.Nullable Long before, int limit) {
        return Flux.empty();
      }

      @Override
      public Mono<Boolean> verify(String subject) {
        return Mono.just(true);
      }
    };
  }
}
