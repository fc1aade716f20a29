package org.kith.graph.consent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.kith.core.audit.AuditEvent;
import org.kith.core.consent.WebhookEndpoint;
import org.kith.graph.audit.AuditAppender;
import org.kith.graph.neo4j.Cypher;
import org.kith.graph.neo4j.Times;
import org.neo4j.driver.Value;
import reactor.core.publisher.Mono;

/**
 * An application's webhook endpoint and signing secrets, as properties of its {@code (:AccessApplication)}: {@code
 * webhook_url}, {@code webhook_events} (what {@link Neo4jOutboxStore#CREATE_FOR_INSTANCE} reads), {@code
 * webhook_secret} and, after a rotation, {@code webhook_secret_previous} until {@code webhook_secret_previous_until}.
 */
final class ApplicationWebhooks {
  private ApplicationWebhooks() {}

  static Mono<List<String>> secrets(Cypher cypher, String aId, Instant now) {
    return cypher
        .read(
            "MATCH (a:AccessApplication {a_id: $a_id}) RETURN a.webhook_secret AS current,"
                + " CASE WHEN a.webhook_secret_previous_until > $now THEN a.webhook_secret_previous END AS previous",
            Map.of("a_id", aId, "now", Objects.requireNonNull(Times.toGraph(now))),
            r -> {
              List<String> in = new ArrayList<>();
              if (!r.get("current").isNull()) {
                in.add(r.get("current").asString());
              }
              if (!r.get("previous").isNull()) {
                in.add(r.get("previous").asString());
              }
              return List.copyOf(in);
            })
        .next();
  }

  static Mono<WebhookEndpoint> endpoint(Cypher cypher, String aId) {
    return cypher
        .read(
            "MATCH (a:AccessApplication {a_id: $a_id}) WHERE a.webhook_url IS NOT NULL RETURN a",
            Map.of("a_id", aId),
            r -> {
              Value a = r.get("a");
              return new WebhookEndpoint(
                  a.get("webhook_url").asString(),
                  a.get("webhook_events").asList(Value::asString),
                  Objects.requireNonNull(Times.fromGraph(a.get("webhook_updated_at"))),
                  Times.fromGraph(a.get("webhook_secret_rotated_at")));
            })
        .next();
  }

  static Mono<Void> set(
      Cypher cypher, String aId, @Nullable WebhookEndpoint endpoint, List<AuditEvent> audit) {
    Map<String, Object> p = new HashMap<>();
    p.put("a_id", aId);
    p.put("url", endpoint == null ? null : endpoint.url());
    p.put("events", endpoint == null ? null : endpoint.events());
    p.put("at", endpoint == null ? null : Times.toGraph(endpoint.updatedAt()));
    return AuditAppender.writeAudited(
        cypher,
        "MATCH (a:AccessApplication {a_id: $a_id})"
            + " SET a.webhook_url = $url, a.webhook_events = $events, a.webhook_updated_at = $at",
        p,
        audit);
  }

  static Mono<Void> rotate(
      Cypher cypher,
      String aId,
      String secret,
      Instant previousUntil,
      Instant now,
      List<AuditEvent> audit) {
    return AuditAppender.writeAudited(
        cypher,
        "MATCH (a:AccessApplication {a_id: $a_id})"
            + " SET a.webhook_secret_previous = a.webhook_secret, a.webhook_secret = $secret,"
            + " a.webhook_secret_previous_until = $until, a.webhook_secret_rotated_at = $now",
        Map.of(
            "a_id",
            aId,
            "secret",
            secret,
            "until",
            Objects.requireNonNull(Times.toGraph(previousUntil)),
            "now",
            Objects.requireNonNull(Times.toGraph(now))),
        audit);
  }
}
