package org.kith.core.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.core.ProblemKind;
import org.kith.core.Rejected;
import org.kith.core.account.StepUpPolicy.Operation;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

@DisplayName("Step-up policy (RFC 9470)")
class StepUpPolicyTests {
  static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
  static final Duration MAX_AGE = Duration.ofMinutes(5);

  /** A session store that knows one live session, {@code s1} of {@code u1}, logged in at {@code at} by {@code amr}. */
  static SessionStore oneSession(Instant at, List<String> amr) {
    return (SessionStore) Proxy.newProxyInstance(
        SessionStore.class.getClassLoader(),
        new Class<?>[] {SessionStore.class},
        (proxy, method, args) -> {
          if (!method.getName().equals("authentication")) {
            throw new UnsupportedOperationException(method.getName());
          }
          return "u1".equals(args[0]) && "s1".equals(args[1])
              ? Mono.just(new SessionStore.Authentication(at, amr))
              : Mono.empty();
        });
  }

  static StepUpPolicy policy(Instant at, List<String> amr) {
    return new StepUpPolicy(oneSession(at, amr), MAX_AGE, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  static Principal caller(@Nullable String session, Principal.Credential credential) {
    return new Principal(
        "u1", "ana@example.org", Set.of("user"), Set.of(Scope.values()), session, credential);
  }

  static final Principal SESSION = caller("s1", Principal.Credential.TOKEN);

  static void refused(Mono<Void> check, Operation operation) {
    StepVerifier.create(check)
        .expectErrorSatisfies(e -> {
          assertThat(e).isInstanceOf(Rejected.class);
          Rejected r = (Rejected) e;
          assertThat(r.kind()).isEqualTo(ProblemKind.INSUFFICIENT_USER_AUTHENTICATION);
          assertThat(r.kind().status()).isEqualTo(401);
          assertThat(r.stepUp()).isEqualTo(new Rejected.StepUp(MAX_AGE, operation.acr()));
        })
        .verify();
  }

  @Test
  @DisplayName("a login within the max age allows every sensitive operation, at the limit too")
  void recent() {
    for (Operation op : Operation.values()) {
      StepVerifier.create(
              policy(NOW.minusSeconds(60), AuthenticationMethods.PASSWORD).require(SESSION, op))
          .verifyComplete();
      StepVerifier.create(
              policy(NOW.minus(MAX_AGE), AuthenticationMethods.PASSWORD).require(SESSION, op))
          .verifyComplete();
    }
  }

  @Test
  @DisplayName(
      "an older login is refused with 401 insufficient-user-authentication, whatever its second factor")
  void old() {
    Instant old = NOW.minus(MAX_AGE).minusSeconds(1);
    for (Operation op : Operation.values()) {
      refused(policy(old, AuthenticationMethods.PASSWORD).require(SESSION, op), op);
      refused(policy(old, AuthenticationMethods.PASSWORD_AND_OTP).require(SESSION, op), op);
    }
  }

  @Test
  @DisplayName(
      "no level replaces recency: an old login is refused whatever it reached, a passkey included")
  void acr() {
    Instant old = NOW.minus(Duration.ofDays(1));
    StepUpPolicy passkey = policy(old, AuthenticationMethods.passkey(false, true));
    for (Operation op : Operation.values()) {
      assertThat(op.acr()).isNull();
      refused(passkey.require(SESSION, op), op);
    }
    assertThat(StepUpPolicy.atLeast(AuthenticationMethods.ACR_MFA, AuthenticationMethods.ACR_MFA))
        .isTrue();
    assertThat(StepUpPolicy.atLeast(
            AuthenticationMethods.ACR_MFA, AuthenticationMethods.ACR_PHISHING_RESISTANT))
        .isFalse();
    assertThat(StepUpPolicy.atLeast("urn:other", AuthenticationMethods.ACR_PASSWORD))
        .isFalse();
  }

  @Test
  @DisplayName("a personal access token, an application and an ended session never satisfy it")
  void noLogin() {
    StepUpPolicy fresh = policy(NOW, AuthenticationMethods.PASSWORD);
    for (Operation op : Operation.values()) {
      refused(fresh.require(caller(null, Principal.Credential.PERSONAL_ACCESS_TOKEN), op), op);
      refused(fresh.require(caller("app:a1", Principal.Credential.APPLICATION), op), op);
      refused(fresh.require(caller("s2", Principal.Credential.TOKEN), op), op);
    }
  }

  @Test
  @DisplayName("the max age must be positive")
  void maxAge() {
    SessionStore store = oneSession(NOW, AuthenticationMethods.PASSWORD);
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new StepUpPolicy(store, Duration.ZERO, clock))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new StepUpPolicy(store, MAX_AGE, clock).maxAge()).isEqualTo(MAX_AGE);
  }
}
