package org.kith.graph.neo4j;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.kith.core.authz.AuthorizationModel;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.Relationship;
import org.neo4j.graphdb.event.PropertyEntry;
import org.neo4j.graphdb.event.TransactionData;
import org.neo4j.graphdb.event.TransactionEventListener;

/**
 * A counter that moves whenever a committed transaction may have changed someone's groups or organisations (what
 * {@code GET /v1/auth/me} lists): a group membership or an organisation role created or deleted, a user, group or
 * organisation deleted, or the id of an existing one changed. Memberships read and tagged with {@link #current()}
 * before the lookup are still exact while the counter shows the same value. Like {@link SessionVersion}, only the
 * embedded database has one, and the counter moves in {@code afterCommit}, before the commit returns to the writer.
 */
public final class MembershipVersion {
  private static final AuthorizationModel MODEL = AuthorizationModel.KITH;
  /** Relationship types that make a user (or a group) part of a group or an organisation. */
  private static final Set<String> TYPES = Stream.concat(
          Stream.of(MODEL.membership()),
          MODEL.definition(AuthorizationModel.ORGANISATION).relations().stream()
              .map(org.kith.core.authz.Relation::name))
      .collect(Collectors.toUnmodifiableSet());
  /** The ids a membership list is made of. */
  private static final Set<String> KEYS = Set.of("u_id", "g_id", "org_id");

  private static final Set<String> LABELS = Set.of("User", "Group", "Organisation");

  private final AtomicLong value = new AtomicLong();

  MembershipVersion() {}

  public long current() {
    return value.get();
  }

  TransactionEventListener<Boolean> listener() {
    return VisibilityVersion.listener(MembershipVersion::mayChangeMemberships, true, changes -> {
      if (changes) {
        value.incrementAndGet();
      }
    });
  }

  static boolean mayChangeMemberships(TransactionData data) {
    for (Relationship r : data.createdRelationships()) {
      if (TYPES.contains(r.getType().name())) {
        return true;
      }
    }
    for (Relationship r : data.deletedRelationships()) {
      if (TYPES.contains(r.getType().name())) {
        return true;
      }
    }
    Set<Node> created = VisibilityVersion.createdNodes(data);
    if (created == null) {
      return true;
    }
    for (PropertyEntry<Node> p : data.assignedNodeProperties()) {
      if (KEYS.contains(p.key()) && !created.contains(p.entity())) {
        return true;
      }
    }
    for (PropertyEntry<Node> p : data.removedNodeProperties()) {
      if (KEYS.contains(p.key())) {
        return true;
      }
    }
    return VisibilityVersion.deletesNodeLabelled(data, LABELS);
  }
}
