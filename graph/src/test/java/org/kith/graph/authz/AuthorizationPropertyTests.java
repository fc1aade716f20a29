package org.kith.graph.authz;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import org.jspecify.annotations.Nullable;
import org.kith.core.authz.Authorization;
import org.kith.core.authz.AuthorizationModel;
import org.kith.core.authz.ModelEvaluator;
import org.kith.core.authz.Permission;
import org.kith.core.authz.Revision;
import org.kith.core.authz.Tuples;
import org.kith.graph.TestGraph;
import org.kith.graph.neo4j.GraphConnection;
import org.kith.graph.neo4j.GraphSettings;
import org.kith.graph.profile.Neo4jPermissionGraph;
import org.kith.graph.profile.Neo4jProfileObjectStore;
import org.kith.graph.query.Neo4jAnalystQueries;

/**
 * The graph adapter's answers agree with the in-memory evaluator of {@link AuthorizationModel#KITH} after random
 * histories of grants, revokes, ownership moves, group membership, links and consent instances: every caller's
 * access to every object (and to one that does not exist), every paged lookup of resources, every lookup of
 * subjects, what every instance exposes, and what the analyst endpoint ({@link Neo4jAnalystQueries}, the guarded
 * path with its scope cache) answers each user and a stranger: the nodes, the relationships between them and the
 * objects two hops from the caller's own node, as the model lets it see them ({@link AnalystView}). A
 * disagreement fails the property with every disagreement listed, and jqwik shrinks the history.
 *
 * <p>The comparisons of one history run on four threads (the adapters and the guard are thread-safe). The number
 * of histories is jqwik's {@code jqwik.tries.default} (the build's default, 100, is in {@code
 * junit-platform.properties}); the test prints the time one history took on average. 10,000 histories:
 * {@code ./mvnw -B -ntp -o -Dexec.skip=true -DskipFuzz=true verify -pl graph -am -Dtest=AuthorizationPropertyTests
 * -Dit.test=none -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false
 * -Djqwik.tries.default=10000}.
 */
class AuthorizationPropertyTests {
  private static final AtomicLong HISTORIES = new AtomicLong();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  /** Threads the comparisons of one history run on. */
  private static final ExecutorService POOL = Executors.newFixedThreadPool(4, r -> {
    Thread t = new Thread(r, "history-checks");
    t.setDaemon(true);
    return t;
  });
  /** Time spent in histories (replay, comparisons, clean-up), to report the cost of one. */
  private static final AtomicLong NANOS = new AtomicLong();

  private static @Nullable GraphConnection db;
  private static @Nullable Neo4jAnalystQueries analyst;

  /** A database of its own: lookups see everything in it, so no other test's objects may be there. */
  private static synchronized GraphConnection db() {
    if (db == null) {
      db = GraphConnection.open(GraphSettings.embedded(TestGraph.newDataDir()));
      analyst = new Neo4jAnalystQueries(db);
    }
    return db;
  }

  @AfterContainer
  static synchronized void close() {
    if (HISTORIES.get() > 0) {
      System.out.printf(
          "AuthorizationPropertyTests: %d histories, %.3f s each%n",
          HISTORIES.get(), NANOS.get() / 1e9 / HISTORIES.get());
    }
    if (db != null) {
      db.close();
      db = null;
      analyst = null;
    }
  }

  @Provide
  Arbitrary<List<History>> histories() {
    return History.histories(30);
  }

  @Property
  void graphAgreesWithTheModel(@ForAll("histories") List<History> history)
      throws InterruptedException {
    String prefix = "h" + HISTORIES.incrementAndGet() + "-";
    Replay replay = new Replay(db().cypher(), prefix);
    long started = System.nanoTime();
    try {
      replay.start();
      history.forEach(replay::apply);
      compare(replay);
    } finally {
      db().cypher()
          .write(
              "MATCH (n) WHERE n.u_id STARTS WITH $p OR n.g_id STARTS WITH $p OR n.n_id STARTS WITH $p"
                  + " OR n.i_id STARTS WITH $p DETACH DELETE n",
              Map.of("p", prefix))
          .block();
      NANOS.addAndGet(System.nanoTime() - started);
    }
  }

  /** Every comparison of one history, run on {@link #POOL}; fails listing every disagreement. */
  private static void compare(Replay replay) throws InterruptedException {
    Tuples tuples = replay.tuples();
    ModelEvaluator model = new ModelEvaluator(AuthorizationModel.KITH, tuples);
    Authorization graph = new Neo4jPermissionGraph(db().cypher());
    Neo4jAnalystQueries guard = java.util.Objects.requireNonNull(analyst);
    List<@Nullable String> callers = new ArrayList<>(replay.users());
    callers.add(null);
    callers.add("nobody");
    List<String> objects = new ArrayList<>(replay.objects());
    objects.add("missing");
    List<Callable<@Nullable String>> checks = new ArrayList<>();
    for (String caller : callers) {
      for (String nId : objects) {
        checks.add(() -> differs(
            "access of " + caller + " to " + nId,
            graph.access(caller, nId, Revision.ANY).block(),
            model.access(caller, nId)));
      }
      for (Permission p : Permission.values()) {
        checks.add(() -> differs(
            "lookupResources(" + caller + ", " + p + ")",
            pages(graph, caller, p),
            model.lookupResources(caller, p, null, Integer.MAX_VALUE)));
      }
      if (caller != null) {
        AnalystView view = new AnalystView(model, tuples, caller);
        for (String query : AnalystView.QUERIES) {
          checks.add(() -> differs(
              "analyst " + caller + ": " + query,
              AnalystView.actual(
                  query, guard.run(caller, query, Map.of(), 10_000, TIMEOUT).block()),
              view.expected(query)));
        }
      }
    }
    for (String nId : objects) {
      for (Permission p : Permission.values()) {
        checks.add(() -> differs(
            "lookupSubjects(" + nId + ", " + p + ")",
            new HashSet<>(
                graph.lookupSubjects(nId, p, Revision.ANY).collectList().block()),
            model.lookupSubjects(nId, p)));
      }
    }
    Neo4jProfileObjectStore store = new Neo4jProfileObjectStore(db().cypher());
    for (String iId : replay.instances()) {
      checks.add(() -> differs(
          "exposed by " + iId,
          new HashSet<>(store
              .sharedBy(iId, replay.sharer(iId), Instant.now())
              .map(o -> o.nId())
              .collectList()
              .block()),
          model.exposed(iId)));
    }
    List<String> disagreements = new ArrayList<>();
    for (Future<@Nullable String> f : POOL.invokeAll(checks)) {
      try {
        String d = f.get();
        if (d != null) {
          disagreements.add(d);
        }
      } catch (ExecutionException e) {
        disagreements.add(String.valueOf(e.getCause()));
      }
    }
    assertThat(disagreements).isEmpty();
  }

  private static @Nullable String differs(String what, @Nullable Object graph, Object model) {
    return java.util.Objects.equals(graph, model)
        ? null
        : what + ": graph " + graph + ", model " + model;
  }

  /** Every page of a lookup, two ids at a time, each page checked against the model's page at the same cursor. */
  private static List<String> pages(Authorization graph, @Nullable String caller, Permission p) {
    List<String> all = new ArrayList<>();
    String cursor = null;
    do {
      Authorization.Page page = graph
          .lookupResources(caller, p, AuthorizationModel.PROFILE_OBJECT, cursor, 2, Revision.ANY)
          .block();
      all.addAll(page.ids());
      cursor = page.next();
      if (cursor != null && page.ids().size() != 2) {
        throw new AssertionError("a page before the last holds " + page.ids() + ", not two ids");
      }
    } while (cursor != null);
    return all;
  }
}
