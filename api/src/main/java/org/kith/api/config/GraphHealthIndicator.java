package org.kith.api.config;

import java.time.Duration;
import java.util.Map;
import org.kith.graph.neo4j.GraphConnection;
import org.springframework.boot.actuate.health.AbstractReactiveHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import reactor.core.publisher.Mono;

/**
 * Health of the graph: one trivial read through Kith's own driver path, bounded by a timeout so a sick
 * database makes health DOWN quickly instead of holding requests.
 */
final class GraphHealthIndicator extends AbstractReactiveHealthIndicator {
  static final Duration TIMEOUT = Duration.ofSeconds(3);
  private final GraphConnection graph;

  GraphHealthIndicator(GraphConnection graph) {
    super("the graph database is not answering");
    this.graph = graph;
  }

  @Override
  protected Mono<Health> doHealthCheck(Health.Builder builder) {
    return graph
        .cypher()
        .read("RETURN 1 AS ok", Map.of(), r -> r.get("ok").asInt())
        .next()
        .timeout(TIMEOUT)
        .map(ok -> builder.up().withDetail("embedded", graph.isEmbedded()).build());
  }
}
