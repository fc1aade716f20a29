package org.kith.graph.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.kith.core.Ids;
import org.kith.core.ProblemKind;
import org.kith.core.Rejected;
import org.kith.core.account.Account;
import org.kith.core.account.AccountStore;
import org.kith.core.account.CodePurpose;
import org.kith.core.account.PersonalAccessTokenStore.PersonalAccessToken;
import org.kith.core.account.Scope;
import org.kith.core.account.VerificationCodeStore.Attempt;
import org.kith.core.account.VerificationCodeStore.Outcome;
import org.kith.core.account.VerificationCodeStore.StoredCode;
import org.kith.graph.TestGraph;
import org.kith.graph.neo4j.Cypher;
import reactor.test.StepVerifier;

@DisplayName("Neo4j account stores")
class AccountStoresTests {
  static final Cypher CYPHER = TestGraph.connection().cypher();
  static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
  final Neo4jAccountStore accounts = new Neo4jAccountStore(CYPHER);

  Account newAccount() {
    String name = "user-" + Ids.randomToken(6).toLowerCase(java.util.Locale.ROOT) + "@example.org";
    return accounts
        .create(new AccountStore.NewAccount(Ids.uuid(), name, "$argon2id$hash", NOW), List.of())
        .block();
  }

  @Nested
  @DisplayName("accounts")
  class Accounts {
    @Test
    @DisplayName("are created unverified, found by username and id, and usernames are unique")
    void createAndFind() {
      Account a = newAccount();
      assertThat(a.verified()).isFalse();
      assertThat(a.createdAt()).isEqualTo(NOW);
      accounts
          .findByUsername(a.username())
          .as(StepVerifier::create)
          .expectNext(a)
          .verifyComplete();
      accounts.findById(a.uId()).as(StepVerifier::create).expectNext(a).verifyComplete();
      accounts.findById("nobody").as(StepVerifier::create).verifyComplete();
      accounts
          .create(new AccountStore.NewAccount(Ids.uuid(), a.username(), "h", NOW), List.of())
          .as(StepVerifier::create)
          .verifyErrorSatisfies(
              e -> assertThat(((Rejected) e).kind()).isEqualTo(ProblemKind.CONFLICT));
    }

    @Test
    @DisplayName("verification, reset and password changes are stored")
    void updates() {
      Account a = newAccount();
      accounts
          .markVerified(a.uId(), List.of())
          .then(accounts.startReset(a.username(), List.of()))
          .as(StepVerifier::create)
          .assertNext(x -> assertThat(x.verified() && x.resetPending()).isTrue())
          .verifyComplete();
      accounts
          .startReset("nobody-" + a.username(), List.of())
          .as(StepVerifier::create)
          .verifyComplete();
      accounts.cancelReset(a.uId(), List.of()).as(StepVerifier::create).verifyComplete();
      accounts
          .findById(a.uId())
          .as(StepVerifier::create)
          .assertNext(x -> assertThat(x.resetPending()).isFalse())
          .verifyComplete();
      accounts
          .startReset(a.username(), List.of())
          .as(StepVerifier::create)
          .expectNextCount(1)
          .verifyComplete();
      accounts
          .setPassword(a.uId(), "new-hash", List.of())
          .as(StepVerifier::create)
          .verifyComplete();
      accounts
          .passwordHash(a.uId())
          .as(StepVerifier::create)
          .expectNext("new-hash")
          .verifyComplete();
      accounts
          .findById(a.uId())
          .as(StepVerifier::create)
          .assertNext(x -> assertThat(x.resetPending()).isFalse())
          .verifyComplete();
    }

    @Test
    @DisplayName("memberships list the groups the account belongs to")
    void memberships() {
      Account a = newAccount();
      CYPHER
          .write(
              "MATCH (u:User {u_id: $u}) CREATE (u)-[:BELONGS_TO]->(:Group {g_id: $g, name: 'g'})",
              Map.of("u", a.uId(), "g", "g-" + a.uId()))
          .block();
      accounts
          .memberships(a.uId())
          .as(StepVerifier::create)
          .assertNext(m -> {
            assertThat(m.groups()).containsExactly("g-" + a.uId());
            assertThat(m.organizations()).isEmpty();
          })
          .verifyComplete();
    }
  }

  @Nested
  @DisplayName("verification codes")
  class Codes {
    final Neo4jVerificationCodeStore codes = new Neo4jVerificationCodeStore(CYPHER);

    @Test
    @DisplayName("one per account and purpose, replaced by put, removed by delete")
    void lifecycle() {
      Account a = newAccount();
      StoredCode first = new StoredCode("h1", NOW.plusSeconds(60), 0, null);
      StoredCode second = new StoredCode("h2", NOW.plusSeconds(120), 3, NOW.plusSeconds(30));
      codes.put(a.uId(), CodePurpose.SIGNUP, first).as(StepVerifier::create).verifyComplete();
      codes
          .get(a.uId(), CodePurpose.SIGNUP)
          .as(StepVerifier::create)
          .expectNext(first)
          .verifyComplete();
      codes.get(a.uId(), CodePurpose.PASSWORD_RESET).as(StepVerifier::create).verifyComplete();
      codes.put(a.uId(), CodePurpose.SIGNUP, second).as(StepVerifier::create).verifyComplete();
      codes
          .get(a.uId(), CodePurpose.SIGNUP)
          .as(StepVerifier::create)
          .expectNext(second)
          .verifyComplete();
      codes.delete(a.uId(), CodePurpose.SIGNUP).as(StepVerifier::create).verifyComplete();
      codes.get(a.uId(), CodePurpose.SIGNUP).as(StepVerifier::create).verifyComplete();
    }

    @Test
    @DisplayName(
        "an answer is compared and counted in one step: right, wrong (counted), spent, expired, locked")
    void attempts() {
      Account a = newAccount();
      String u = a.uId();
      codes
          .attempt(u, CodePurpose.SIGNUP, "h1", NOW, 2)
          .as(StepVerifier::create)
          .verifyComplete();
      codes
          .put(u, CodePurpose.SIGNUP, new StoredCode("h1", NOW.plusSeconds(60), 4, null))
          .block();
      assertThat(codes.attempt(u, CodePurpose.SIGNUP, "h1", NOW, 2).block())
          .isEqualTo(
              new Attempt(new StoredCode("h1", NOW.plusSeconds(60), 4, null, 0), Outcome.RIGHT));
      for (int tries = 1; tries <= 2; tries++) {
        assertThat(codes.attempt(u, CodePurpose.SIGNUP, "h2", NOW, 2).block())
            .isEqualTo(new Attempt(
                new StoredCode("h1", NOW.plusSeconds(60), 4 + tries, null, tries), Outcome.WRONG));
      }
      assertThat(codes.attempt(u, CodePurpose.SIGNUP, "h1", NOW, 2).block().outcome())
          .isEqualTo(Outcome.SPENT);
      assertThat(codes.get(u, CodePurpose.SIGNUP).block().tries()).isEqualTo(2);
      assertThat(codes
              .attempt(u, CodePurpose.SIGNUP, "h1", NOW.plusSeconds(60), 2)
              .block()
              .outcome())
          .isEqualTo(Outcome.EXPIRED);
      codes
          .put(
              u,
              CodePurpose.SIGNUP,
              new StoredCode("h1", NOW.plusSeconds(60), 0, NOW.plusSeconds(30)))
          .block();
      assertThat(codes.attempt(u, CodePurpose.SIGNUP, "h1", NOW, 2).block().outcome())
          .isEqualTo(Outcome.LOCKED);
      assertThat(codes
              .attempt(u, CodePurpose.SIGNUP, "h1", NOW.plusSeconds(30), 2)
              .block()
              .outcome())
          .isEqualTo(Outcome.RIGHT);
    }
  }

  @Nested
  @DisplayName("login throttle")
  class Throttle {
    final Neo4jLoginThrottle throttle = new Neo4jLoginThrottle(CYPHER);

    reactor.core.publisher.Mono<Duration> blocked(String key, Instant at) {
      return throttle.status(java.util.List.of(key), at).map(l -> l.get(0).blockedFor());
    }

    @Test
    @DisplayName("blocks a key at the limit until its window ends, and clear forgets it")
    void window() {
      String key = "user:" + Ids.randomToken(8);
      Duration window = Duration.ofMinutes(15);
      for (int i = 0; i < 2; i++) {
        throttle.recordFailure(key, 3, window, NOW).as(StepVerifier::create).verifyComplete();
      }
      blocked(key, NOW).as(StepVerifier::create).expectNext(Duration.ZERO).verifyComplete();
      throttle
          .recordFailure(key, 3, window, NOW.plusSeconds(60))
          .as(StepVerifier::create)
          .verifyComplete();
      blocked(key, NOW.plusSeconds(60))
          .as(StepVerifier::create)
          .expectNext(window.minusSeconds(60))
          .verifyComplete();
      blocked(key, NOW.plus(window))
          .as(StepVerifier::create)
          .expectNext(Duration.ZERO)
          .verifyComplete();
      // a failure after the window starts a new count
      throttle
          .recordFailure(key, 3, window, NOW.plus(window).plusSeconds(1))
          .as(StepVerifier::create)
          .verifyComplete();
      blocked(key, NOW.plus(window).plusSeconds(2))
          .as(StepVerifier::create)
          .expectNext(Duration.ZERO)
          .verifyComplete();
      for (int i = 0; i < 3; i++) {
        throttle.recordFailure(key, 3, window, NOW.plus(window).plusSeconds(3)).block();
      }
      throttle.clear(key).as(StepVerifier::create).verifyComplete();
      throttle
          .status(java.util.List.of(key, "other:" + key), NOW)
          .as(StepVerifier::create)
          .assertNext(
              l -> assertThat(l).extracting(s -> s.counting()).containsExactly(false, false))
          .verifyComplete();
      blocked(key, NOW.plus(window).plusSeconds(4))
          .as(StepVerifier::create)
          .expectNext(Duration.ZERO)
          .verifyComplete();
    }

    @Test
    @DisplayName(
        "growing delays: free failures, then a delay doubling per failure up to the maximum")
    void backoff() {
      String key = "client:" + Ids.randomToken(8);
      var rule = new org.kith.core.account.LoginThrottle.Backoff(
          2, Duration.ofSeconds(10), Duration.ofSeconds(35), Duration.ofHours(1));
      java.util.List<Duration> after = new java.util.ArrayList<>();
      for (int i = 0; i < 5; i++) {
        throttle.recordBackoff(key, rule, NOW).as(StepVerifier::create).verifyComplete();
        after.add(blocked(key, NOW).block());
      }
      assertThat(after)
          .containsExactly(
              Duration.ZERO,
              Duration.ZERO,
              Duration.ofSeconds(10),
              Duration.ofSeconds(20),
              Duration.ofSeconds(35));
      throttle
          .status(java.util.List.of(key), NOW.plus(Duration.ofHours(1)))
          .as(StepVerifier::create)
          .assertNext(l -> assertThat(l.get(0).counting()).isFalse())
          .verifyComplete();
      // forgotten: the next failure is free again
      throttle
          .recordBackoff(key, rule, NOW.plus(Duration.ofHours(1)))
          .as(StepVerifier::create)
          .verifyComplete();
      blocked(key, NOW.plus(Duration.ofHours(1)))
          .as(StepVerifier::create)
          .expectNext(Duration.ZERO)
          .verifyComplete();
    }

    @Test
    @DisplayName(
        "a budget: burst failures at once empty it, then it refills one per interval; expired keys are purged")
    void budget() {
      String key = "user:" + Ids.randomToken(8);
      var rule = new org.kith.core.account.LoginThrottle.Budget(3, Duration.ofSeconds(60));
      for (int i = 0; i < 2; i++) {
        throttle.recordSpend(key, rule, NOW).as(StepVerifier::create).verifyComplete();
      }
      blocked(key, NOW).as(StepVerifier::create).expectNext(Duration.ZERO).verifyComplete();
      throttle.recordSpend(key, rule, NOW).as(StepVerifier::create).verifyComplete();
      blocked(key, NOW)
          .as(StepVerifier::create)
          .expectNext(Duration.ofSeconds(60))
          .verifyComplete();
      blocked(key, NOW.plusSeconds(60))
          .as(StepVerifier::create)
          .expectNext(Duration.ZERO)
          .verifyComplete();
      throttle
          .recordSpend(key, rule, NOW.plusSeconds(60))
          .as(StepVerifier::create)
          .verifyComplete();
      blocked(key, NOW.plusSeconds(60))
          .as(StepVerifier::create)
          .expectNext(Duration.ofSeconds(60))
          .verifyComplete();
      throttle.purgeExpired(NOW.plusSeconds(239)).block();
      throttle
          .status(java.util.List.of(key), NOW)
          .as(StepVerifier::create)
          .assertNext(l -> assertThat(l.get(0).counting()).isTrue())
          .verifyComplete();
      throttle
          .purgeExpired(NOW.plusSeconds(240))
          .as(StepVerifier::create)
          .assertNext(n -> assertThat(n).isPositive())
          .verifyComplete();
      throttle
          .status(java.util.List.of(key), NOW)
          .as(StepVerifier::create)
          .assertNext(l -> assertThat(l.get(0).counting()).isFalse())
          .verifyComplete();
    }
  }

  @Nested
  @DisplayName("personal access tokens")
  class Pats {
    final Neo4jPersonalAccessTokenStore pats = new Neo4jPersonalAccessTokenStore(CYPHER);

    @Test
    @DisplayName("are listed per owner and authenticate only with the right hash before expiry")
    void lifecycle() {
      Account a = newAccount();
      PersonalAccessToken t = new PersonalAccessToken(
          Ids.randomToken(12), a.uId(), "ci", Set.of(Scope.READ), NOW, NOW.plusSeconds(3600));
      pats.create(t, "secret-hash", List.of())
          .as(StepVerifier::create)
          .expectNext(t)
          .verifyComplete();
      pats.list(a.uId()).as(StepVerifier::create).expectNext(t).verifyComplete();
      pats.get("someone-else", t.id()).as(StepVerifier::create).verifyComplete();
      pats.authenticate(t.id(), "secret-hash", NOW)
          .as(StepVerifier::create)
          .expectNext(t)
          .verifyComplete();
      pats.authenticate(t.id(), "wrong-hash", NOW).as(StepVerifier::create).verifyComplete();
      pats.authenticate(t.id(), "secret-hash", NOW.plusSeconds(3601))
          .as(StepVerifier::create)
          .verifyComplete();
      pats.delete("someone-else", t.id(), List.of())
          .as(StepVerifier::create)
          .expectNext(false)
          .verifyComplete();
      pats.delete(a.uId(), t.id(), List.of())
          .as(StepVerifier::create)
          .expectNext(true)
          .verifyComplete();
      pats.authenticate(t.id(), "secret-hash", NOW).as(StepVerifier::create).verifyComplete();
    }
  }
}
