package org.kith.graph.authz;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
import org.kith.graph.TestGraph;
import org.kith.graph.neo4j.GraphConnection;
import org.kith.graph.neo4j.GraphSettings;
import org.kith.graph.profile.Neo4jPermissionGraph;
import org.kith.graph.profile.Neo4jProfileObjectStore;

/**
 * The graph adapter's answers agree with the in-memory evaluator of {@link AuthorizationModel#KITH} after random
 * histories of grants, revokes, ownership moves, group membership, links and consent instances: every caller's
 * access to every object (and to one that does not exist), every paged lookup of resources, every lookup of
 * subjects, and what every instance exposes. The number of histories is jqwik's {@code jqwik.tries.default}
 * (a system property; the build's default is in {@code junit-platform.properties}).
 */
class AuthorizationPropertyTests {
  private static final AtomicLong HISTORIES = new AtomicLong();
  private static @Nullable GraphConnection db;

  /** A database of its own: lookups see everything in it, so no other test's objects may be there. */
  private static synchronized GraphConnection db() {
    if (db == null) {
      db = GraphConnection.open(GraphSettings.embedded(TestGraph.newDataDir()));
    }
    return db;
  }

  @AfterContainer
  static synchronized void close() {
    if (db != null) {
      db.close();
      db = null;
    }
  }

  @Provide
  Arbitrary<List<History>> histories() {
    return History.histories(30);
  }

  @Property
  void graphAgreesWithTheModel(@ForAll("histories") List<History> history) {
    String prefix = "h" + HISTORIES.incrementAndGet() + "-";
    Replay replay = new Replay(db().cypher(), prefix);
    try {
      replay.start();
      history.forEach(replay::apply);
      compare(replay, replay.evaluator());
    } finally {
      db().cypher().write("MATCH (n) WHERE n.u_id STARTS WITH $p OR n.g_id STARTS WITH $p OR n.n_id STARTS WITH $p"
          + " OR n.i_id STARTS WITH $p DETACH DELETE n", Map.of("p", prefix)).block();
    }
  }

  private static void compare(Replay replay, ModelEvaluator model) {
    Authorization graph = new Neo4jPermissionGraph(db().cypher());
    List<@Nullable String> callers = new ArrayList<>(replay.users());
    callers.add(null);
    callers.add("nobody");
    List<String> objects = new ArrayList<>(replay.objects());
    objects.add("missing");
    for (String caller : callers) {
      for (String nId : objects) {
        assertThat(graph.access(caller, nId, Revision.ANY).block()).as("access of %s to %s", caller, nId)
            .isEqualTo(model.access(caller, nId));
      }
      for (Permission p : Permission.values()) {
        assertThat(pages(graph, caller, p)).as("lookupResources(%s, %s)", caller, p)
            .isEqualTo(model.lookupResources(caller, p, null, Integer.MAX_VALUE));
      }
    }
    for (String nId : objects) {
      for (Permission p : Permission.values()) {
        assertThat(new HashSet<>(graph.lookupSubjects(nId, p, Revision.ANY).collectList().block()))
            .as("lookupSubjects(%s, %s)", nId, p).isEqualTo(model.lookupSubjects(nId, p));
      }
    }
    Neo4jProfileObjectStore store = new Neo4jProfileObjectStore(db().cypher());
    for (String iId : replay.instances()) {
      assertThat(new HashSet<>(store.sharedBy(iId, replay.sharer(iId), Instant.now())
              .map(o -> o.nId()).collectList().block()))
          .as("exposed by %s", iId).isEqualTo(model.exposed(iId));
    }
  }

  /** Every page of a lookup, two ids at a time, each page checked against the model's page at the same cursor. */
  private static List<String> pages(Authorization graph, @Nullable String caller, Permission p) {
    List<String> all = new ArrayList<>();
    String cursor = null;
    do {
      Authorization.Page page = graph.lookupResources(caller, p, AuthorizationModel.PROFILE_OBJECT, cursor, 2,
          Revision.ANY).block();
      all.addAll(page.ids());
      cursor = page.next();
      assertThat(cursor == null || page.ids().size() == 2).isTrue();
    } while (cursor != null);
    return all;
  }
}
