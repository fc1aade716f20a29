package org.kith.graph.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.kith.core.Ids;
import org.kith.core.ProblemKind;
import org.kith.core.Rejected;
import org.kith.core.account.AccountStore;
import org.kith.core.account.PasskeyStore;
import org.kith.core.account.SecondFactorStore;
import org.kith.graph.TestGraph;
import org.kith.graph.neo4j.Cypher;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

@DisplayName("Neo4j second-factor stores (passkey ceremonies, TOTP, pending logins)")
class SecondFactorStoresTests {
  static final Cypher CYPHER = TestGraph.connection().cypher();
  static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
  final Neo4jPasskeyStore passkeys = new Neo4jPasskeyStore(CYPHER);
  final Neo4jSecondFactorStore factors = new Neo4jSecondFactorStore(CYPHER);
  final Neo4jAccountStore accounts = new Neo4jAccountStore(CYPHER);

  String newUser() {
    String uId = Ids.uuid();
    accounts
        .create(new AccountStore.NewAccount(uId, uId + "@example.org", "h", NOW), List.of())
        .block();
    return uId;
  }

  static long count(String label, String hash) {
    return CYPHER
        .read(
            "MATCH (c:" + label + " {hash: $hash}) RETURN count(c) AS n",
            Map.of("hash", hash),
            r -> r.get("n").asLong())
        .blockFirst();
  }

  @Nested
  @DisplayName("WebAuthn challenges")
  class Challenges {
    @Test
    @DisplayName(
        "concurrent takes of one challenge: exactly one gets it, the others find it used, none fails")
    void concurrentTake() {
      for (int round = 0; round < 5; round++) {
        String hash = "c-" + Ids.uuid();
        passkeys
            .saveChallenge(hash, "authentication", null, NOW.plusSeconds(300))
            .block();
        List<Optional<PasskeyStore.Challenge>> taken = Flux.range(0, 6)
            .flatMap(i -> passkeys
                .takeChallenge(hash, NOW)
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .subscribeOn(Schedulers.parallel()))
            .collectList()
            .block();
        assertThat(taken).hasSize(6);
        assertThat(taken.stream().filter(Optional::isPresent)).hasSize(1);
        passkeys.takeChallenge(hash, NOW).as(StepVerifier::create).verifyComplete();
      }
    }
  }

  @Nested
  @DisplayName("TOTP and pending logins")
  class Totp {
    @Test
    @DisplayName(
        "a time step is used once: the confirming step, a used one and earlier ones are refused")
    void replay() {
      String uId = newUser();
      assertThat(factors.startTotp(uId, "sealed", NOW).block()).isTrue();
      assertThat(factors.useStep(uId, 101, List.of()).block())
          .as("not yet active")
          .isFalse();
      assertThat(factors.activateTotp(uId, 100, List.of("r1", "r2"), List.of()).block())
          .isTrue();
      assertThat(factors.startTotp(uId, "other", NOW).block())
          .as("one is active")
          .isFalse();
      assertThat(factors.useStep(uId, 100, List.of()).block()).isFalse();
      assertThat(factors.useStep(uId, 101, List.of()).block()).isTrue();
      assertThat(factors.useStep(uId, 101, List.of()).block()).isFalse();
      assertThat(factors.useStep(uId, 99, List.of()).block()).isFalse();
      List<Boolean> concurrent = Flux.range(0, 4)
          .flatMap(i -> factors.useStep(uId, 102, List.of()).subscribeOn(Schedulers.parallel()))
          .collectList()
          .block();
      assertThat(concurrent).containsExactlyInAnyOrder(true, false, false, false);
      assertThat(factors.useRecoveryCode(uId, "r1", List.of()).block()).isTrue();
      assertThat(factors.useRecoveryCode(uId, "r1", List.of()).block()).isFalse();
      assertThat(factors.totp(uId).block())
          .isEqualTo(new SecondFactorStore.Totp("sealed", true, 102));
    }

    @Test
    @DisplayName(
        "an mfa_token is bound to its account and client, expires, and is taken once of many tries")
    void singleUseToken() {
      String uId = newUser();
      String hash = "m-" + Ids.uuid();
      Instant expiry = NOW.plusSeconds(300);
      factors.saveChallenge(hash, uId, "192.0.2.0", expiry, NOW).block();
      assertThat(factors.challenge(hash, NOW).block())
          .isEqualTo(new SecondFactorStore.Challenge(uId, "192.0.2.0", expiry));
      factors.challenge(hash, expiry).as(StepVerifier::create).verifyComplete();
      factors.challenge("m-unknown", NOW).as(StepVerifier::create).verifyComplete();
      List<Boolean> taken = Flux.range(0, 6)
          .flatMap(i -> factors.takeChallenge(hash).subscribeOn(Schedulers.parallel()))
          .collectList()
          .block();
      assertThat(taken).hasSize(6).containsOnlyOnce(true);
      factors.challenge(hash, NOW).as(StepVerifier::create).verifyComplete();
      assertThat(factors.takeChallenge(hash).block()).isFalse();
    }

    @Test
    @DisplayName("expired mfa_tokens and WebAuthn challenges are purged, live ones kept")
    void purge() {
      String short1 = "m-" + Ids.uuid();
      String live = "m-" + Ids.uuid();
      factors.saveChallenge(short1, newUser(), "c", NOW.plusSeconds(1), NOW).block();
      factors.saveChallenge(live, newUser(), "c", NOW.plusSeconds(600), NOW).block();
      String ceremony = "w-" + Ids.uuid();
      String liveCeremony = "w-" + Ids.uuid();
      passkeys
          .saveChallenge(ceremony, "authentication", null, NOW.plusSeconds(1))
          .block();
      passkeys
          .saveChallenge(liveCeremony, "registration", "u", NOW.plusSeconds(600))
          .block();
      assertThat(factors.purgeChallenges(NOW.plusSeconds(2)).block()).isPositive();
      assertThat(passkeys.purgeChallenges(NOW.plusSeconds(2)).block()).isPositive();
      assertThat(count("MfaChallenge", short1)).isZero();
      assertThat(count("MfaChallenge", live)).isOne();
      assertThat(count("WebAuthnChallenge", ceremony)).isZero();
      assertThat(count("WebAuthnChallenge", liveCeremony)).isOne();
    }
  }

  @Nested
  @DisplayName("passkeys")
  class Passkeys {
    @Test
    @DisplayName("the counter only goes up; rename and delete only by the holder; ids are unique")
    void credentials() {
      String uId = newUser();
      String id = "cred-" + Ids.uuid();
      PasskeyStore.Passkey key = new PasskeyStore.Passkey(
          id,
          uId,
          "laptop",
          new byte[] {1, 2, 3},
          0,
          List.of("internal"),
          true,
          false,
          false,
          NOW,
          null);
      passkeys.add(key, List.of()).block();
      passkeys
          .add(key, List.of())
          .as(StepVerifier::create)
          .verifyErrorSatisfies(
              e -> assertThat(((Rejected) e).kind()).isEqualTo(ProblemKind.CONFLICT));
      assertThat(passkeys.find(id).block().attestedCredentialData()).containsExactly(1, 2, 3);
      assertThat(passkeys.recordUse(id, 5, NOW).block()).isTrue();
      assertThat(passkeys.recordUse(id, 5, NOW).block()).isFalse();
      assertThat(passkeys.recordUse(id, 3, NOW).block()).isFalse();
      assertThat(passkeys.recordUse(id, 6, NOW).block()).isTrue();
      assertThat(passkeys.find(id).block().signCount()).isEqualTo(6);
      String other = newUser();
      passkeys.rename(other, id, "mine", List.of()).as(StepVerifier::create).verifyComplete();
      assertThat(passkeys.delete(other, id, List.of()).block()).isFalse();
      assertThat(passkeys.rename(uId, id, "old laptop", List.of()).block().name())
          .isEqualTo("old laptop");
      assertThat(passkeys.delete(uId, id, List.of()).block()).isTrue();
      passkeys.find(id).as(StepVerifier::create).verifyComplete();
      assertThat(passkeys.recordUse(id, 7, NOW).block()).isFalse();
    }
  }
}
