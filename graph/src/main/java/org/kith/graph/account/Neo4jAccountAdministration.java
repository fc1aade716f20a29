package org.kith.graph.account;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.kith.core.account.Account;
import org.kith.core.account.AccountAdministration;
import org.kith.core.audit.AuditEvent;
import org.kith.graph.audit.AuditAppender;
import org.kith.graph.neo4j.Cypher;
import org.kith.graph.neo4j.Times;
import org.neo4j.driver.Value;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link AccountAdministration} on {@code (:User)} nodes. Disabling sets {@code disabled} and revokes every refresh
 * family of the account in one transaction; both are properties the session cache watches
 * ({@link org.kith.graph.neo4j.SessionVersion}), so tokens are refused from the commit on.
 */
public final class Neo4jAccountAdministration implements AccountAdministration {
  private final Cypher cypher;

  public Neo4jAccountAdministration(Cypher cypher) {
    this.cypher = cypher;
  }

  @Override
  public Mono<Boolean> setDisabled(String uId, boolean disabled, List<AuditEvent> audit) {
    return AuditAppender.writeReturning(
            cypher,
            "MATCH (u:User {u_id: $u_id}) SET u.disabled = $disabled"
                + " WITH u CALL { WITH u MATCH (f:RefreshFamily {u_id: u.u_id})"
                + " WHERE $disabled AND NOT f.revoked SET f.revoked = true RETURN count(f) AS ended }"
                + " RETURN u.u_id AS u_id",
            Map.of("u_id", uId, "disabled", disabled),
            audit,
            r -> true)
        .defaultIfEmpty(false);
  }

  @Override
  public Flux<Account> search(String prefix, @Nullable String after, int limit) {
    Map<String, Object> p = new HashMap<>();
    p.put("prefix", prefix);
    p.put("after", after);
    p.put("limit", limit);
    return cypher.read(
        "MATCH (u:User) WHERE u.username STARTS WITH $prefix AND ($after IS NULL OR u.username > $after)"
            + " RETURN u {.u_id, .username, .verified, .reset_pending, .disabled, .created_at} AS u"
            + " ORDER BY u.username LIMIT $limit",
        p,
        r -> {
          Value u = r.get("u");
          return new Account(
              u.get("u_id").asString(),
              u.get("username").asString(),
              u.get("verified").asBoolean(false),
              u.get("reset_pending").asBoolean(false),
              u.get("disabled").asBoolean(false),
              Times.fromGraph(u.get("created_at")));
        });
  }
}
