package org.kith.graph.account;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.kith.core.Rejected;
import org.kith.core.account.Account;
import org.kith.core.account.AccountStore;
import org.kith.core.audit.AuditEvent;
import org.kith.core.authz.AuthorizationModel;
import org.kith.graph.audit.AuditAppender;
import org.kith.graph.neo4j.ConstraintViolation;
import org.kith.graph.neo4j.Cypher;
import org.kith.graph.neo4j.MembershipVersion;
import org.kith.graph.neo4j.Times;
import org.neo4j.driver.Record;
import org.neo4j.driver.Value;
import reactor.core.publisher.Mono;

/** {@link AccountStore} on {@code (:User)} nodes. Thread-safe. */
public final class Neo4jAccountStore implements AccountStore {
  private static final String RETURN_ACCOUNT =
      " RETURN u {.u_id, .username, .verified, .reset_pending, .disabled," + " .created_at} AS u";
  private final Cypher cypher;
  private final @Nullable MembershipVersion version;
  /** Memberships read, with the {@link MembershipVersion} taken before the read; exact while it stays the same. */
  private final Cache<String, Tagged> memberships = Caffeine.newBuilder()
      .maximumSize(100_000)
      .expireAfterWrite(Duration.ofMinutes(10))
      .build();

  private record Tagged(long version, Memberships memberships) {}

  public Neo4jAccountStore(Cypher cypher) {
    this(cypher, null);
  }

  /** With a version (embedded database), memberships are remembered until a commit may have changed them. */
  public Neo4jAccountStore(Cypher cypher, @Nullable MembershipVersion version) {
    this.cypher = cypher;
    this.version = version;
  }

  @Override
  public Mono<Account> create(NewAccount account, List<AuditEvent> audit) {
    Map<String, Object> p = new HashMap<>();
    p.put("u_id", account.uId());
    p.put("username", account.username());
    p.put("hash", account.passwordHash());
    p.put("now", Times.toGraph(account.createdAt()));
    return cypher
        .<Account>writeTransaction(tx -> tx.runAsync(
                "CREATE (u:User {u_id: $u_id, username: $username,"
                    + " verified: false, reset_pending: false, disabled: false, created_at: $now})"
                    + " CREATE (u)-[:HAS_CREDENTIAL]->(:Credential {password_hash: $hash})"
                    + RETURN_ACCOUNT,
                p)
            .thenCompose(c -> c.listAsync(Neo4jAccountStore::map))
            .thenCompose(rows -> AuditAppender.append(tx, audit).thenApply(x -> rows)))
        .next()
        .onErrorMap(
            ConstraintViolation.class,
            e -> Rejected.conflict("an account with this username exists"));
  }

  @Override
  public Mono<Account> findByUsername(String username) {
    return cypher
        .read(
            "MATCH (u:User {username: $username})" + RETURN_ACCOUNT,
            Map.of("username", username),
            Neo4jAccountStore::map)
        .next();
  }

  @Override
  public Mono<Account> findById(String uId) {
    return cypher
        .read(
            "MATCH (u:User {u_id: $u_id})" + RETURN_ACCOUNT,
            Map.of("u_id", uId),
            Neo4jAccountStore::map)
        .next();
  }

  @Override
  public Mono<Credentials> findCredentials(String username) {
    return cypher
        .read(
            "MATCH (u:User {username: $username})"
                + " OPTIONAL MATCH (u)-[:HAS_CREDENTIAL]->(c:Credential)"
                + " WITH u, head(collect(c.password_hash)) AS h"
                + RETURN_ACCOUNT
                + ", h",
            Map.of("username", username),
            r -> new Credentials(map(r), r.get("h").isNull() ? null : r.get("h").asString()))
        .next();
  }

  @Override
  public Mono<String> passwordHash(String uId) {
    return cypher
        .read(
            "MATCH (:User {u_id: $u_id})-[:HAS_CREDENTIAL]->(c:Credential) RETURN c.password_hash AS h",
            Map.of("u_id", uId),
            r -> r.get("h").asString())
        .next();
  }

  @Override
  public Mono<Void> markVerified(String uId, List<AuditEvent> audit) {
    return AuditAppender.writeAudited(
        cypher, "MATCH (u:User {u_id: $u_id}) SET u.verified = true", Map.of("u_id", uId), audit);
  }

  @Override
  public Mono<Void> setPassword(String uId, String passwordHash, List<AuditEvent> audit) {
    return AuditAppender.writeAudited(
        cypher,
        "MATCH (u:User {u_id: $u_id}) SET u.reset_pending = false"
            + " MERGE (u)-[:HAS_CREDENTIAL]->(c:Credential) SET c.password_hash = $hash",
        Map.of("u_id", uId, "hash", passwordHash),
        audit);
  }

  @Override
  public Mono<Account> startReset(String username, List<AuditEvent> audit) {
    // the events are appended whether or not the name matched: the same work either way
    return cypher
        .<Account>writeTransaction(tx -> tx.runAsync(
                "MATCH (u:User {username: $username})" + " SET u.reset_pending = true"
                    + RETURN_ACCOUNT,
                Map.of("username", username))
            .thenCompose(c -> c.listAsync(Neo4jAccountStore::map))
            .thenCompose(rows -> AuditAppender.append(tx, audit).thenApply(x -> rows)))
        .next();
  }

  @Override
  public Mono<Void> cancelReset(String uId, List<AuditEvent> audit) {
    return AuditAppender.writeAudited(
        cypher,
        "MATCH (u:User {u_id: $u_id}) SET u.reset_pending = false",
        Map.of("u_id", uId),
        audit);
  }

  @Override
  public Mono<Memberships> memberships(String uId) {
    if (version == null) {
      return readMemberships(uId);
    }
    long tag = version.current();
    Tagged seen = memberships.getIfPresent(uId);
    if (seen != null && seen.version() == tag) {
      return Mono.just(seen.memberships());
    }
    return readMemberships(uId).doOnNext(m -> memberships.put(uId, new Tagged(tag, m)));
  }

  private Mono<Memberships> readMemberships(String uId) {
    return cypher
        .read(
            "MATCH (u:User {u_id: $u_id})"
                + " OPTIONAL MATCH (u)" + org.kith.graph.profile.PermissionQueries.MEMBERSHIP
                + "(g:Group)"
                + " WITH u, collect(DISTINCT g.g_id) AS groups"
                + " OPTIONAL MATCH (u)-[:"
                + AuthorizationModel.KITH.rolePattern(AuthorizationModel.ORGANISATION)
                + "]->(o:Organisation)"
                + " RETURN groups, collect(DISTINCT o.org_id) AS orgs",
            Map.of("u_id", uId),
            r -> new Memberships(
                r.get("groups").asList(Value::asString), r.get("orgs").asList(Value::asString)))
        .next();
  }

  private static Account map(Record record) {
    Value u = record.get("u");
    return new Account(
        u.get("u_id").asString(),
        u.get("username").asString(),
        u.get("verified").asBoolean(false),
        u.get("reset_pending").asBoolean(false),
        u.get("disabled").asBoolean(false),
        Times.fromGraph(u.get("created_at")));
  }
}
