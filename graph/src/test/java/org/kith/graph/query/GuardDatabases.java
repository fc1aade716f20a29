package org.kith.graph.query;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kith.core.query.QueryResult;
import org.kith.graph.TestGraph;
import org.kith.graph.neo4j.GraphConnection;
import org.kith.graph.neo4j.GraphSettings;

/**
 * The analyst guard tests' databases, built once per test JVM and closed at its exit: {@link AnalystFixture}'s
 * graph (seed 42), its isolated copy holding only the analyst's visible subgraph, and the guard in each of its
 * strategies. Tests may add to the graph only inside transactions they roll back.
 */
final class GuardDatabases {
  static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static GuardDatabases instance;

  final GraphConnection db;
  final GraphConnection copy;
  final Set<String> visible;
  final String hiddenNId;
  final Neo4jAnalystQueries guard;
  final Neo4jAnalystQueries perNode;
  final Neo4jAnalystQueries bySet;
  final Neo4jAnalystQueries uncached;

  private GuardDatabases() {
    db = GraphConnection.open(GraphSettings.embedded(TestGraph.newDataDir()));
    copy = GraphConnection.open(GraphSettings.embedded(TestGraph.newDataDir()));
    AnalystFixture.build(db, 42);
    visible = AnalystFixture.visibleObjects(db);
    AnalystFixture.copyVisible(db, copy, visible);
    guard = new Neo4jAnalystQueries(db);
    perNode = new Neo4jAnalystQueries(db, Neo4jAnalystQueries.Strategy.PER_NODE);
    bySet = new Neo4jAnalystQueries(db, Neo4jAnalystQueries.Strategy.BY_SET);
    uncached = new Neo4jAnalystQueries(db, Neo4jAnalystQueries.Strategy.ADAPTIVE, false);
    hiddenNId = db.cypher()
        .read(
            "MATCH (n:ProfileObject) WHERE NOT n.n_id IN $v RETURN n.n_id AS id LIMIT 1",
            Map.of("v", List.copyOf(visible)),
            r -> r.get("id").asString())
        .blockFirst();
  }

  static synchronized GuardDatabases get() {
    if (instance == null) {
      instance = new GuardDatabases();
      GuardDatabases built = instance;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        built.db.close();
        built.copy.close();
      }));
    }
    return instance;
  }

  /** The analyst's answer through the default guard, up to 10,000 rows. */
  QueryResult guarded(String query, Map<String, Object> params) {
    return guard.run(AnalystFixture.ANALYST, query, params, 10_000, TIMEOUT).block();
  }
}
