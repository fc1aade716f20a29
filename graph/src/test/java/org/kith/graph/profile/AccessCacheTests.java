package org.kith.graph.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kith.core.Consistency;
import org.kith.core.Ids;
import org.kith.core.authz.Access;
import org.kith.core.authz.Permission;
import org.kith.core.authz.Revision;
import org.kith.core.authz.Subject;
import org.kith.core.profile.Grant;
import org.kith.core.profile.ProfileObject;
import org.kith.core.profile.ProfileObjectStore.VisibleObject;
import org.kith.core.profile.Relationship;
import org.kith.graph.TestGraph;
import org.kith.graph.neo4j.GraphConnection;

/**
 * The permission check's cache on the embedded database: answers are served while the caller's visibility version
 * stands, and every change that can take a right away makes them stale before it is acknowledged, so a check after
 * a revoke (with or without the revoke's consistency token) is refused.
 */
class AccessCacheTests {
  private final GraphConnection db = TestGraph.connection();
  private final AccessCache cache = AccessCache.of(db);
  private final Neo4jPermissionGraph graph =
      new Neo4jPermissionGraph(db.cypher(), db.inProcessCypher(), cache);
  private final Neo4jProfileObjectStore store =
      new Neo4jProfileObjectStore(db.cypher(), db.inProcessCypher(), cache);
  private final Neo4jGroupStore groups = new Neo4jGroupStore(db.cypher());
  private final String owner = Ids.uuid();
  private final String viewer = Ids.uuid();
  private final String group = Ids.uuid();
  private final String parent = Ids.uuid();
  private final String child = Ids.uuid();

  @BeforeEach
  void graph() {
    db.cypher()
        .write(
            "CREATE (:User {u_id: $o}), (:User {u_id: $v}), (:Group {g_id: $g, name: $g})",
            Map.of("o", owner, "v", viewer, "g", group))
        .block();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    store
        .create(
            owner,
            List.of(
                new ProfileObject(parent, List.of(), "ss_Test", Map.of("i", 1L), null, now, now),
                new ProfileObject(child, List.of(), "ss_Test", Map.of("i", 2L), null, now, now)),
            List.of())
        .block();
  }

  private String share(Subject subject, String nId, boolean cascade) {
    String pId = Ids.childId(nId);
    graph
        .grant(new Grant(pId, subject, Permission.VIEWS, cascade, nId), List.of())
        .block();
    return pId;
  }

  private Access check(String nId) {
    return graph.access(viewer, nId, Revision.ANY).block();
  }

  @Test
  void anAllowIsServedFromTheCacheUntilTheRevokeAndRefusedWithTheRevokesToken() {
    String pId = share(Subject.user(viewer), parent, false);
    assertThat(check(parent).allows(Permission.VIEWS)).isTrue();
    assertThat(cache.get(viewer, parent)).contains(check(parent));

    Consistency revoking = Consistency.none();
    graph
        .revoke(pId, List.of())
        .contextWrite(c -> c.put(Consistency.CONTEXT_KEY, revoking))
        .block();
    assertThat(revoking.hasWritten()).isTrue();
    assertThat(cache.get(viewer, parent)).isEmpty();
    Access after = graph.access(viewer, parent, new Revision(revoking.token())).block();
    assertThat(after.allows(Permission.VIEWS)).isFalse();
    assertThat(after.visible()).isFalse();
    assertThat(check(parent).visible()).isFalse();
  }

  @Test
  void theObjectReadSharesTheCheckAndItsInvalidation() {
    String pId = share(Subject.user(viewer), parent, false);
    VisibleObject first = store.findWithAccess(viewer, parent).block();
    assertThat(first.held()).contains(Permission.VIEWS);
    assertThat(cache.get(viewer, parent)).isPresent();
    // served from the cached check: the same object and right
    VisibleObject cached = store.findWithAccess(viewer, parent).block();
    assertThat(cached.object()).isEqualTo(first.object());
    assertThat(cached.held()).contains(Permission.VIEWS);

    graph.revoke(pId, List.of()).block();
    assertThat(store.findWithAccess(viewer, parent).block().held()).isEmpty();
    assertThat(graph.access(viewer, parent, Revision.ANY).block().visible()).isFalse();
  }

  @Test
  void leavingTheGroupEndsACachedAllow() {
    groups.addMember(group, viewer, List.of()).block();
    share(Subject.group(group), parent, false);
    assertThat(check(parent).allows(Permission.VIEWS)).isTrue();
    assertThat(cache.get(viewer, parent)).isPresent();

    assertThat(groups.removeMember(group, viewer, List.of()).block()).isTrue();
    assertThat(check(parent).visible()).isFalse();
  }

  @Test
  void removingTheRelationshipACascadeFollowsEndsACachedAllow() {
    String link = Ids.childId(parent);
    store
        .relate(new Relationship(link, "HAS", parent, child, Map.of()), List.of())
        .block();
    share(Subject.user(viewer), parent, true);
    assertThat(check(child).allows(Permission.VIEWS)).isTrue();
    assertThat(cache.get(viewer, child)).isPresent();

    store.unrelate(link, List.of()).block();
    assertThat(check(child).visible()).isFalse();
  }

  @Test
  void aDeletedObjectIsNotFoundAfterACachedAllow() {
    share(Subject.user(viewer), parent, false);
    assertThat(store.findWithAccess(viewer, parent).block().held()).isPresent();

    store.delete(parent, java.time.Instant.now(), List.of()).block();
    assertThat(store.findWithAccess(viewer, parent).blockOptional()).isEmpty();
    assertThat(check(parent)).isEqualTo(Access.NONE);
  }

  @Test
  void anAnonymousCallersPublicViewEndsWithItsGrant() {
    db.cypher()
        .write("MERGE (:Group {g_id: $p, name: $p})", Map.of("p", Subject.PUBLIC))
        .block();
    String pId = share(Subject.group(Subject.PUBLIC), parent, false);
    assertThat(graph.access(null, parent, Revision.ANY).block().allows(Permission.VIEWS))
        .isTrue();
    assertThat(cache.get(null, parent)).isPresent();

    graph.revoke(pId, List.of()).block();
    assertThat(graph.access(null, parent, Revision.ANY).block().visible()).isFalse();
  }

  @Test
  void anObjectThatDoesNotExistIsNotCached() {
    String missing = Ids.uuid();
    assertThat(check(missing)).isEqualTo(Access.NONE);
    assertThat(cache.get(viewer, missing)).isEmpty();
  }

  @Test
  void aDisabledCacheHoldsNothing() {
    AccessCache off = AccessCache.disabled();
    off.put(viewer, parent, off.tag(viewer), new Access(true, Optional.of(Permission.VIEWS)));
    assertThat(off.get(viewer, parent)).isEmpty();
    Neo4jPermissionGraph uncached = new Neo4jPermissionGraph(db.cypher());
    share(Subject.user(viewer), parent, false);
    assertThat(uncached.access(viewer, parent, Revision.ANY).block().allows(Permission.VIEWS))
        .isTrue();
    assertThat(off.tag(viewer)).isEqualTo(-1);
    assertThat(cache.tag(viewer)).isGreaterThanOrEqualTo(0);
  }
}
