package org.kith.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.core.ProblemKind;
import org.kith.core.Rejected;
import org.kith.core.account.AccountSettings;
import org.kith.core.account.AuthenticationMethods;
import org.kith.core.account.IssuedTokens;
import org.kith.core.account.LoginThrottle;
import org.kith.core.account.PasskeyLoginGuard;
import org.kith.core.account.TokenGrant;
import org.kith.core.audit.AuditEvent;
import org.kith.core.audit.AuditTrail;
import org.kith.core.audit.RecordedEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@DisplayName("passkey ceremonies (a software authenticator)")
class PasskeyCeremoniesTests {
  private static final String ORIGIN = "https://kith.example";
  private static final String RP = "kith.example";
  private static final String ALICE = "u-alice";
  private static final String CLIENT = "192.0.2.0";

  private final MemoryPasskeys store = new MemoryPasskeys();
  private final List<String> grants = new ArrayList<>();
  private final MutableClock clock = new MutableClock();
  /** Blocks a key from its third failure. */
  private final MemoryThrottle throttle = new MemoryThrottle(3);
  /** The audited failed logins. */
  private final List<AuditEvent> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
  /** Password logins waiting for a second factor: "mfa_token client" to the account. */
  private final Map<String, String> pending = new java.util.concurrent.ConcurrentHashMap<>();

  private final PasskeyCeremonies ceremonies = new PasskeyCeremonies(
      store,
      s -> "hash(" + s + ")",
      (uId, amr) -> {
        grants.add(uId + " " + amr);
        return Mono.just(
            new TokenGrant(new IssuedTokens("id", "access", Duration.ofMinutes(5)), "r"));
      },
      new PasskeyLoginGuard(
          throttle,
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
          s -> "hash(" + s + ")",
          new AuditTrail() {
            @Override
            public Mono<Void> append(List<AuditEvent> events) {
              return Mono.fromRunnable(() -> failures.addAll(events));
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
          },
          clock),
      new PasskeyCeremonies.PendingLogins() {
        @Override
        public Mono<String> pending(String mfaToken, String client) {
          return Mono.justOrEmpty(pending.get(mfaToken + " " + client))
              .switchIfEmpty(
                  Mono.error(() -> Rejected.unauthenticated("the mfa_token is not valid")));
        }

        @Override
        public Mono<Void> take(String mfaToken) {
          return pending.keySet().removeIf(k -> k.startsWith(mfaToken + " "))
              ? Mono.empty()
              : Mono.error(Rejected.unauthenticated("the mfa_token was already used"));
        }
      },
      new RelyingParty(RP, "Kith", List.of(ORIGIN), Duration.ofMinutes(5)),
      clock);

  private static final class MutableClock extends Clock {
    Instant now = Instant.parse("2026-12-06T12:00:00Z");

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private PasskeyCeremonies.Registration options(String uId) {
    return ceremonies.registrationOptions(uId).block();
  }

  private byte[] handle(PasskeyCeremonies.Registration r) {
    return Base64.getUrlDecoder().decode(r.userHandle());
  }

  private SoftAuthenticator registered(String uId) {
    SoftAuthenticator a = new SoftAuthenticator();
    PasskeyCeremonies.Registration r = options(uId);
    ceremonies.register(uId, a.create(r.challenge(), ORIGIN, RP), "laptop").block();
    return a;
  }

  private Map<String, Object> assertion(
      SoftAuthenticator a, String origin, String rpId, byte[] userHandle) {
    return a.get(ceremonies.authenticationOptions().block(), origin, rpId, userHandle);
  }

  private static void refused(Mono<?> m, ProblemKind kind, String detail) {
    assertThatThrownBy(m::block)
        .isInstanceOf(Rejected.class)
        .hasMessageContaining(detail)
        .satisfies(e -> assertThat(((Rejected) e).kind()).isEqualTo(kind));
  }

  @Test
  @DisplayName(
      "register, then log in without a username: amr hwk + user + mfa, the counter stored, all audited")
  void registerAndLogIn() {
    SoftAuthenticator a = registered(ALICE);
    byte[] handle = handle(options(ALICE));
    assertThat(handle).hasSize(32);
    assertThat(new String(handle, java.nio.charset.StandardCharsets.ISO_8859_1))
        .doesNotContain(ALICE);
    ceremonies.login(assertion(a, ORIGIN, RP, handle), CLIENT).block();
    assertThat(grants).containsExactly(ALICE + " [hwk, user, mfa]");
    assertThat(store.keys.get(a.id()).signCount()).isEqualTo(1);
    assertThat(store.keys.get(a.id()).lastUsedAt()).isEqualTo(clock.now);
    assertThat(store.audit).extracting(e -> e.eventType()).containsExactly("passkey_register");
    assertThat(options(ALICE).excludeCredentialIds()).containsExactly(a.id());
  }

  @Test
  @DisplayName("a challenge is single-use: a replayed registration or assertion is refused")
  void singleUse() {
    SoftAuthenticator a = new SoftAuthenticator();
    PasskeyCeremonies.Registration r = options(ALICE);
    Map<String, Object> created = a.create(r.challenge(), ORIGIN, RP);
    ceremonies.register(ALICE, created, "laptop").block();
    refused(ceremonies.register(ALICE, created, "again"), ProblemKind.VALIDATION, "challenge");
    Map<String, Object> signed = assertion(a, ORIGIN, RP, handle(r));
    ceremonies.login(signed, CLIENT).block();
    refused(ceremonies.login(signed, CLIENT), ProblemKind.UNAUTHENTICATED, "challenge");
    assertThat(grants).hasSize(1);
  }

  @Test
  @DisplayName(
      "a challenge expires, and one made for another account or ceremony does not register")
  void expiryAndBinding() {
    SoftAuthenticator a = new SoftAuthenticator();
    PasskeyCeremonies.Registration r = options(ALICE);
    clock.now = clock.now.plus(Duration.ofMinutes(6));
    refused(
        ceremonies.register(ALICE, a.create(r.challenge(), ORIGIN, RP), "late"),
        ProblemKind.VALIDATION,
        "expired");
    PasskeyCeremonies.Registration bobs = options("u-bob");
    refused(
        ceremonies.register(ALICE, a.create(bobs.challenge(), ORIGIN, RP), "x"),
        ProblemKind.VALIDATION,
        "challenge");
    String login = ceremonies.authenticationOptions().block();
    refused(
        ceremonies.register(ALICE, a.create(login, ORIGIN, RP), "x"),
        ProblemKind.VALIDATION,
        "challenge");
    assertThat(store.keys).isEmpty();
  }

  @Test
  @DisplayName("origin and rp id are checked exactly")
  void originAndRpId() {
    SoftAuthenticator a = new SoftAuthenticator();
    refused(
        ceremonies.register(
            ALICE, a.create(options(ALICE).challenge(), "https://evil.example", RP), "x"),
        ProblemKind.VALIDATION,
        "does not verify");
    refused(
        ceremonies.register(ALICE, a.create(options(ALICE).challenge(), ORIGIN + ":8443", RP), "x"),
        ProblemKind.VALIDATION,
        "does not verify");
    refused(
        ceremonies.register(ALICE, a.create(options(ALICE).challenge(), ORIGIN, "example"), "x"),
        ProblemKind.VALIDATION,
        "does not verify");
    SoftAuthenticator b = registered(ALICE);
    byte[] handle = handle(options(ALICE));
    refused(
        ceremonies.login(assertion(b, "https://kith.example.evil", RP, handle), CLIENT),
        ProblemKind.UNAUTHENTICATED,
        "verify");
    refused(
        ceremonies.login(assertion(b, ORIGIN, "evil.example", handle), CLIENT),
        ProblemKind.UNAUTHENTICATED,
        "verify");
    assertThat(grants).isEmpty();
  }

  @Test
  @DisplayName("a signature counter that does not go up (a cloned authenticator) is refused")
  void counterRegression() {
    SoftAuthenticator a = registered(ALICE);
    byte[] handle = handle(options(ALICE));
    a.counter = 5;
    ceremonies.login(assertion(a, ORIGIN, RP, handle), CLIENT).block();
    a.counter = 3;
    refused(
        ceremonies.login(assertion(a, ORIGIN, RP, handle), CLIENT),
        ProblemKind.UNAUTHENTICATED,
        "counter");
    a.counter = 5;
    refused(
        ceremonies.login(assertion(a, ORIGIN, RP, handle), CLIENT),
        ProblemKind.UNAUTHENTICATED,
        "counter");
    assertThat(grants).hasSize(1);
    assertThat(store.keys.get(a.id()).signCount()).isEqualTo(6);
  }

  @Test
  @DisplayName(
      "the user handle must be the passkey holder's; a deleted or foreign passkey cannot log in")
  void handleAndDeletion() {
    SoftAuthenticator a = registered(ALICE);
    SoftAuthenticator b = registered("u-bob");
    refused(
        ceremonies.login(assertion(a, ORIGIN, RP, handle(options("u-bob"))), CLIENT),
        ProblemKind.UNAUTHENTICATED,
        "handle");
    refused(ceremonies.delete("u-bob", a.id()), ProblemKind.NOT_FOUND, "no such passkey");
    refused(ceremonies.rename("u-bob", a.id(), "mine"), ProblemKind.NOT_FOUND, "no such passkey");
    ceremonies.delete(ALICE, a.id()).block();
    refused(
        ceremonies.login(assertion(a, ORIGIN, RP, handle(options(ALICE))), CLIENT),
        ProblemKind.UNAUTHENTICATED,
        "not known");
    ceremonies.login(assertion(b, ORIGIN, RP, handle(options("u-bob"))), CLIENT).block();
    assertThat(grants).containsExactly("u-bob [hwk, user, mfa]");
  }

  @Test
  @DisplayName("what is not a WebAuthn response is a 400, never a server error")
  void garbage() {
    refused(
        ceremonies.register(ALICE, Map.of("id", "x"), "x"),
        ProblemKind.VALIDATION,
        "registration response");
    refused(
        ceremonies.login(Map.of("id", 3, "response", "x"), CLIENT),
        ProblemKind.VALIDATION,
        "authentication response");
    refused(
        ceremonies.login(
            Map.of("id", "AA", "rawId", "AA", "type", "public-key", "response", Map.of()), CLIENT),
        ProblemKind.VALIDATION,
        "authentication response");
  }

  @Test
  @DisplayName(
      "amr: swk for a key that may be synced, hwk for a device-bound one, user when verified")
  void amr() {
    assertThat(AuthenticationMethods.passkey(true, true)).containsExactly("swk", "user", "mfa");
    assertThat(AuthenticationMethods.acrOf(AuthenticationMethods.passkey(true, true)))
        .isEqualTo(AuthenticationMethods.ACR_PHISHING_RESISTANT);
    assertThat(AuthenticationMethods.passkey(false, false)).containsExactly("hwk");
    assertThat(AuthenticationMethods.acrOf(AuthenticationMethods.passkey(false, false)))
        .isEqualTo(AuthenticationMethods.ACR_PASSWORD);
  }

  @Test
  @DisplayName(
      "a passkey completes a password login: only the account's own, only from the login's client, token used once")
  void secondFactor() {
    SoftAuthenticator a = registered(ALICE);
    SoftAuthenticator b = registered("u-bob");
    byte[] handle = handle(options(ALICE));
    pending.put("t1 " + CLIENT, ALICE);
    refused(
        ceremonies.secondFactor("t1", assertion(b, ORIGIN, RP, handle(options("u-bob"))), CLIENT),
        ProblemKind.UNAUTHENTICATED,
        "not one of this account's");
    refused(
        ceremonies.secondFactor("t1", assertion(a, ORIGIN, RP, handle), "198.51.100.0"),
        ProblemKind.UNAUTHENTICATED,
        "mfa_token");
    assertThat(grants).isEmpty();
    ceremonies.secondFactor("t1", assertion(a, ORIGIN, RP, handle), CLIENT).block();
    assertThat(grants).containsExactly(ALICE + " [pwd, hwk, user, mfa]");
    refused(
        ceremonies.secondFactor("t1", assertion(a, ORIGIN, RP, handle), CLIENT),
        ProblemKind.UNAUTHENTICATED,
        "mfa_token");
    assertThat(AuthenticationMethods.acrOf(AuthenticationMethods.afterPassword(List.of("swk"))))
        .isEqualTo(AuthenticationMethods.ACR_PHISHING_RESISTANT);
    assertThat(AuthenticationMethods.afterPassword(List.of("otp")))
        .isEqualTo(AuthenticationMethods.PASSWORD_AND_OTP);
  }

  @Test
  @DisplayName(
      "failed passkey logins are audited (the holder's trail, else anonymous) and throttled like passwords")
  void failuresAuditedAndThrottled() {
    SoftAuthenticator a = registered(ALICE);
    byte[] handle = handle(options(ALICE));
    refused(
        ceremonies.login(assertion(new SoftAuthenticator(), ORIGIN, RP, handle), CLIENT),
        ProblemKind.UNAUTHENTICATED,
        "not known");
    assertThat(failures).singleElement().satisfies(e -> {
      assertThat(e.subject()).startsWith("passkey:hash(");
      assertThat(e.uId()).isNull();
      assertThat(e.eventType()).isEqualTo("passkey_login_error");
      assertThat(e.event()).containsEntry("error", "unknown_credential");
    });
    for (int i = 0; i < 2; i++) {
      refused(
          ceremonies.login(assertion(a, "https://evil.example", RP, handle), CLIENT),
          ProblemKind.UNAUTHENTICATED,
          "does not verify");
    }
    assertThat(failures).hasSize(3).last().satisfies(e -> {
      assertThat(e.subject()).isEqualTo(ALICE);
      assertThat(e.uId()).isNull();
      assertThat(e.event()).containsEntry("error", "invalid_assertion");
      assertThat(e.event()).containsEntry("credential_id", a.id());
    });
    assertThat(throttle.failures)
        .containsEntry("addr:" + CLIENT, 3)
        .containsEntry("passkey-client:" + CLIENT + " " + ALICE, 2)
        .containsEntry("passkey-user:" + ALICE, 2);
    // the address is blocked: even a right assertion waits, unaudited
    refused(
        ceremonies.login(assertion(a, ORIGIN, RP, handle), CLIENT),
        ProblemKind.TOO_MANY_REQUESTS,
        "too many");
    assertThat(failures).hasSize(3);
    assertThat(grants).isEmpty();
    // another client, not failing for Alice, is not held back by her budget
    ceremonies.login(assertion(a, ORIGIN, RP, handle), "203.0.113.0").block();
    assertThat(grants).containsExactly(ALICE + " [hwk, user, mfa]");
  }
}
