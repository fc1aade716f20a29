package org.kith.graph.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.core.Ids;
import org.kith.core.account.AccountStore;
import org.kith.core.account.SessionStore.Invalid;
import org.kith.core.account.SessionStore.Reused;
import org.kith.core.account.SessionStore.Rotated;
import org.kith.core.account.SessionStore.Rotation;
import org.kith.graph.TestGraph;
import org.kith.graph.neo4j.Cypher;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

@DisplayName("Neo4j session store (refresh-token families)")
class SessionStoreTests {
  static final Cypher CYPHER = TestGraph.connection().cypher();
  static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
  /** With the embedded database's session version: live sessions are remembered, as in the application. */
  final Neo4jSessionStore sessions =
      new Neo4jSessionStore(CYPHER, TestGraph.connection().sessionVersion());

  final Neo4jAccountStore accounts = new Neo4jAccountStore(CYPHER);

  String newUser() {
    String uId = Ids.uuid();
    accounts
        .create(new AccountStore.NewAccount(uId, uId + "@example.org", "h", NOW), List.of())
        .block();
    return uId;
  }

  @Test
  @DisplayName("rotation hands out the next token; a used token revokes the family")
  void rotateAndReuse() {
    String uId = newUser();
    sessions
        .start(uId, "fam-" + uId, "t1-" + uId, NOW.plusSeconds(600), NOW, List.of())
        .as(StepVerifier::create)
        .verifyComplete();
    sessions
        .isActive(uId, "fam-" + uId, NOW)
        .as(StepVerifier::create)
        .expectNext(true)
        .verifyComplete();
    sessions
        .rotate("t1-" + uId, "t2-" + uId, NOW.plusSeconds(600), NOW.plusSeconds(60))
        .as(StepVerifier::create)
        // a refresh keeps the methods and the time of the login that started the family
        .expectNext(new Rotated(uId, uId + "@example.org", "fam-" + uId, List.of("pwd"), NOW))
        .verifyComplete();
    sessions
        .rotate("t1-" + uId, "t3-" + uId, NOW.plusSeconds(600), NOW)
        .as(StepVerifier::create)
        .expectNext(new Reused(uId, "fam-" + uId))
        .verifyComplete();
    sessions
        .rotate("t2-" + uId, "t4-" + uId, NOW.plusSeconds(600), NOW)
        .as(StepVerifier::create)
        .expectNext(new Invalid())
        .verifyComplete();
    sessions
        .isActive(uId, "fam-" + uId, NOW)
        .as(StepVerifier::create)
        .expectNext(false)
        .verifyComplete();
  }

  @Test
  @DisplayName(
      "a remembered live session ends at once when revoked, revoked with all others, disabled or deleted")
  void rememberedSessionsEnd() {
    assertThat(TestGraph.connection().sessionVersion()).isNotNull();
    String uId = newUser();
    for (String f : List.of("a", "b", "c")) {
      sessions
          .start(uId, f + uId, f + "t-" + uId, NOW.plusSeconds(600), NOW, List.of())
          .block();
      assertThat(sessions.isActive(uId, f + uId, NOW).block()).isTrue();
      assertThat(sessions.isActive(uId, f + uId, NOW).block()).isTrue();
    }
    // a login (a new family) and a rotation end nothing
    sessions
        .start(uId, "d" + uId, "dt-" + uId, NOW.plusSeconds(600), NOW, List.of())
        .block();
    sessions.rotate("at-" + uId, "at2-" + uId, NOW.plusSeconds(600), NOW).block();
    assertThat(sessions.isActive(uId, "a" + uId, NOW).block()).isTrue();
    sessions.revoke(uId, "a" + uId, List.of()).block();
    assertThat(sessions.isActive(uId, "a" + uId, NOW).block()).isFalse();
    assertThat(sessions.isActive(uId, "b" + uId, NOW).block()).isTrue();
    sessions.revokeAll(uId, "c" + uId).block();
    assertThat(sessions.isActive(uId, "b" + uId, NOW).block()).isFalse();
    assertThat(sessions.isActive(uId, "c" + uId, NOW).block()).isTrue();
    CYPHER
        .write("MATCH (u:User {u_id: $u}) SET u.disabled = true", java.util.Map.of("u", uId))
        .block();
    assertThat(sessions.isActive(uId, "c" + uId, NOW).block()).isFalse();
    CYPHER
        .write("MATCH (u:User {u_id: $u}) SET u.disabled = false", java.util.Map.of("u", uId))
        .block();
    assertThat(sessions.isActive(uId, "c" + uId, NOW).block()).isTrue();
    CYPHER
        .write("MATCH (u:User {u_id: $u}) DETACH DELETE u", java.util.Map.of("u", uId))
        .block();
    assertThat(sessions.isActive(uId, "c" + uId, NOW).block()).isFalse();
  }

  @Test
  @DisplayName("expired and unknown tokens are invalid")
  void expired() {
    String uId = newUser();
    sessions
        .start(uId, "fam-" + uId, "t1-" + uId, NOW.plusSeconds(10), NOW, List.of())
        .block();
    sessions
        .rotate("t1-" + uId, "t2-" + uId, NOW.plusSeconds(600), NOW.plusSeconds(11))
        .as(StepVerifier::create)
        .expectNext(new Invalid())
        .verifyComplete();
    sessions
        .rotate("never-issued", "x", NOW, NOW)
        .as(StepVerifier::create)
        .expectNext(new Invalid())
        .verifyComplete();
  }

  @Test
  @DisplayName(
      "two concurrent presentations of one token: exactly one rotates, the other revokes the family")
  void concurrentPresentation() {
    for (int round = 0; round < 5; round++) {
      String uId = newUser();
      sessions
          .start(uId, "fam-" + uId, "t1-" + uId, NOW.plusSeconds(600), NOW, List.of())
          .block();
      List<Rotation> outcomes = Flux.range(0, 2)
          .flatMap(i -> sessions
              .rotate("t1-" + uId, "next-" + i + "-" + uId, NOW.plusSeconds(600), NOW)
              .subscribeOn(Schedulers.parallel()))
          .collectList()
          .block();
      assertThat(outcomes).hasSize(2);
      assertThat(outcomes.stream().filter(Rotated.class::isInstance)).hasSize(1);
      assertThat(outcomes.stream().filter(Reused.class::isInstance)).hasSize(1);
      sessions
          .isActive(uId, "fam-" + uId, NOW)
          .as(StepVerifier::create)
          .expectNext(false)
          .verifyComplete();
    }
  }

  @Test
  @DisplayName("revokeAll keeps the named family; revokeByToken checks the owner")
  void revocation() {
    String uId = newUser();
    String other = newUser();
    sessions
        .start(uId, "a-" + uId, "ta-" + uId, NOW.plusSeconds(600), NOW, List.of())
        .block();
    sessions
        .start(uId, "b-" + uId, "tb-" + uId, NOW.plusSeconds(600), NOW, List.of())
        .block();
    sessions
        .start(uId, "c-" + uId, "tc-" + uId, NOW.plusSeconds(600), NOW, List.of())
        .block();
    sessions
        .revokeByToken(other, "tc-" + uId, List.of())
        .as(StepVerifier::create)
        .expectNext(false)
        .verifyComplete();
    sessions
        .revokeByToken(uId, "tc-" + uId, List.of())
        .as(StepVerifier::create)
        .expectNext(true)
        .verifyComplete();
    sessions.revokeAll(uId, "a-" + uId).as(StepVerifier::create).verifyComplete();
    sessions
        .isActive(uId, "a-" + uId, NOW)
        .as(StepVerifier::create)
        .expectNext(true)
        .verifyComplete();
    sessions
        .isActive(uId, "b-" + uId, NOW)
        .as(StepVerifier::create)
        .expectNext(false)
        .verifyComplete();
    sessions
        .isActive(other, "a-" + uId, NOW)
        .as(StepVerifier::create)
        .expectNext(false)
        .verifyComplete();
    sessions.isActive(uId, null, NOW).as(StepVerifier::create).expectNext(true).verifyComplete();
    sessions
        .isActive("no-such-user", null, NOW)
        .as(StepVerifier::create)
        .expectNext(false)
        .verifyComplete();
  }
}
