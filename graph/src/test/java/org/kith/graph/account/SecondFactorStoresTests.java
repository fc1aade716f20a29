package org.kith.graph.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.kith.core.Ids;
import org.kith.core.account.PasskeyStore;
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
}
