package org.kith.graph.privacy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.kith.core.audit.AuditEvent;
import org.kith.core.privacy.AccountEraser;
import org.kith.graph.audit.AuditAppender;
import org.kith.graph.consent.SharedObjectEvents;
import org.kith.graph.neo4j.Cypher;
import org.neo4j.driver.Value;
import org.neo4j.driver.async.AsyncTransactionContext;
import reactor.core.publisher.Mono;

/**
 * {@link AccountEraser} on the graph: one write transaction of statements, each deleting one kind of thing of the
 * account, then the account itself and its trail, which restarts with the tombstone.
 */
public final class Neo4jAccountEraser implements AccountEraser {
  /** The documents and the objects the account alone owns (a co-owned object only loses this owner). */
  private static final String OBJECTS = "MATCH (:User {u_id: $u})-[:IS_OWNER]->(n:ProfileObject)"
      + " WHERE COUNT { ()-[:IS_OWNER]->(n) } = 1"
      + " WITH n, n._doc_sha AS sha DETACH DELETE n RETURN collect(sha) AS shas";

  /** Everything else of the account, each statement for its effect, in order. */
  private static final List<String> REST = List.of(
      // shares (consent instances) and what waits to be delivered for them
      "MATCH (:User {u_id: $u})-[:CONSENTED]->(i:Instance)"
          + " OPTIONAL MATCH (o:OutboxEvent)-[:FOR]->(i) DETACH DELETE o, i",
      "MATCH (f:RefreshFamily {u_id: $u}) OPTIONAL MATCH (t:RefreshToken)-[:IN_FAMILY]->(f) DETACH DELETE t, f",
      "MATCH (p:PersonalAccessToken {u_id: $u}) DETACH DELETE p",
      "MATCH (w:WrappedKey {u_id: $u}) DETACH DELETE w",
      "MATCH (g:OidcGrant {u_id: $u}) OPTIONAL MATCH (r:OidcRefresh)-[:OF_GRANT]->(g) DETACH DELETE r, g",
      "MATCH (c:OidcCode {u_id: $u}) DETACH DELETE c",
      "MATCH (s:OidcSession {u_id: $u}) DETACH DELETE s",
      "MATCH (f:TotpFactor {u_id: $u}) DETACH DELETE f",
      "MATCH (c:MfaChallenge {u_id: $u}) DETACH DELETE c",
      "MATCH (c:WebAuthnCredential {u_id: $u}) DETACH DELETE c",
      "MATCH (h:WebAuthnUser {u_id: $u}) DETACH DELETE h",
      "MATCH (c:WebAuthnChallenge {u_id: $u}) DETACH DELETE c",
      "MATCH (l:ShortLink {owner_u_id: $u}) DETACH DELETE l",
      // what hangs on the account alone: its password, codes, groups of which it is the only member
      "MATCH (:User {u_id: $u})--(x) WHERE (x:Credential OR x:VerificationCode OR x:Group)"
          + " AND COUNT { (x)--() } = 1 DETACH DELETE x",
      "MATCH (u:User {u_id: $u}) DETACH DELETE u",
      // the account's own trail: replaced by the tombstone alone
      "MATCH (e:AuditEvent {subject: $u}) DELETE e",
      "MATCH (h:AuditHead {subject: $u}) DELETE h");

  private final Cypher cypher;

  public Neo4jAccountEraser(Cypher cypher) {
    this.cypher = cypher;
  }

  @Override
  public Mono<List<String>> erase(String uId, AuditEvent tombstone) {
    Map<String, Object> p = Map.of("u", uId);
    return cypher
        .<List<String>>writeTransaction(tx -> tx.runAsync(
                "MATCH (u:User {u_id: $u}) RETURN count(u) AS n", p)
            .thenCompose(c -> c.singleAsync())
            .thenCompose(found -> found.get("n").asLong() == 0
                ? CompletableFuture.completedFuture(List.<List<String>>of())
                : SharedObjectEvents.accountErased(tx, uId, tombstone.date())
                    .thenCompose(x -> tx.runAsync(OBJECTS, p))
                    .thenCompose(c -> c.singleAsync())
                    .thenCompose(r -> {
                      List<String> shas = new ArrayList<>(r.get("shas").asList(Value::asString));
                      return rest(tx, p, 0)
                          .thenCompose(x -> AuditAppender.appendFirst(tx, List.of(tombstone)))
                          .thenApply(x -> List.<List<String>>of(shas));
                    })))
        .next();
  }

  private static CompletionStage<Void> rest(
      AsyncTransactionContext tx, Map<String, Object> p, int i) {
    if (i == REST.size()) {
      return CompletableFuture.completedFuture(null);
    }
    return tx.runAsync(REST.get(i), p)
        .thenCompose(c -> c.consumeAsync())
        .thenCompose(s -> rest(tx, p, i + 1));
  }
}
