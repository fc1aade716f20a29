package org.kith.graph.neo4j;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.neo4j.graphdb.Label;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.Relationship;
import org.neo4j.graphdb.event.LabelEntry;
import org.neo4j.graphdb.event.PropertyEntry;
import org.neo4j.graphdb.event.TransactionData;
import org.neo4j.graphdb.event.TransactionEventListener;

/**
 * A counter that moves on every committed transaction except those that only keep the OpenID Provider's and the
 * audit trail's books: new audit events and chain heads, authorization requests, codes, grants, refresh tokens and
 * provider sessions, and their own bookkeeping properties (a code or refresh token spent, a grant's rotation
 * count). Anything else, a grant revoked, a consent instance withdrawn or changed, a profile object or
 * verification record written, a right granted or taken away, a user changed, any deletion, moves it. So what a
 * consent instance discloses through a live grant, read and tagged with {@link #current()} before the read, is
 * still exact while the counter shows the same value (only time moves it on: an instance's end date). Like
 * {@link VisibilityVersion}, only the embedded database has one (its listener sees every commit, and the counter
 * moves before the commit returns to the writer).
 */
public final class DisclosureVersion {
  /** Per label of bookkeeping nodes, the properties a commit may set on an existing one without moving the counter. */
  private static final Map<String, Set<String>> BOOKKEEPING = Map.of(
      "AuditEvent", Set.of(),
      "AuditHead", Set.of("seq", "hash", "touched"),
      "OidcRequest", Set.of(),
      "OidcCode", Set.of("used", "version"),
      "OidcGrant", Set.of("version"),
      "OidcRefresh", Set.of("used"),
      "OidcSession", Set.of());

  /** Relationships drawn between bookkeeping nodes. */
  private static final Set<String> BOOKKEEPING_LINKS = Set.of("OF_GRANT", "STARTED");

  private final AtomicLong value = new AtomicLong();

  DisclosureVersion() {}

  public long current() {
    return value.get();
  }

  TransactionEventListener<Boolean> listener() {
    return VisibilityVersion.listener(DisclosureVersion::mayChangeDisclosures, true, moves -> {
      if (moves) {
        value.incrementAndGet();
      }
    });
  }

  /** False only for a commit that provably did nothing but keep the books; true when in doubt. */
  static boolean mayChangeDisclosures(TransactionData data) {
    if (data.deletedNodes().iterator().hasNext()
        || data.deletedRelationships().iterator().hasNext()
        || data.assignedRelationshipProperties().iterator().hasNext()
        || data.removedRelationshipProperties().iterator().hasNext()
        || data.removedLabels().iterator().hasNext()) {
      return true;
    }
    Set<Node> created = VisibilityVersion.createdNodes(data);
    if (created == null) {
      return true;
    }
    for (Node n : created) {
      if (!bookkeeping(n)) {
        return true;
      }
    }
    for (LabelEntry l : data.assignedLabels()) {
      if (!created.contains(l.node()) || !BOOKKEEPING.containsKey(l.label().name())) {
        return true;
      }
    }
    int seen = 0;
    for (Relationship r : data.createdRelationships()) {
      if (++seen > VisibilityVersion.MAX_INSPECTED
          || !BOOKKEEPING_LINKS.contains(r.getType().name())
          || !bookkeeping(r.getStartNode())
          || !bookkeeping(r.getEndNode())) {
        return true;
      }
    }
    return changesProperties(data.assignedNodeProperties(), created)
        || changesProperties(data.removedNodeProperties(), created);
  }

  private static boolean changesProperties(
      Iterable<PropertyEntry<Node>> entries, Set<Node> created) {
    for (PropertyEntry<Node> p : entries) {
      if (created.contains(p.entity())) {
        continue; // a new bookkeeping node's own properties
      }
      Set<String> allowed = allowedKeys(p.entity());
      if (allowed == null || !allowed.contains(p.key())) {
        return true;
      }
    }
    return false;
  }

  /** Whether every label of the node is a bookkeeping label (a node without labels is not). */
  private static boolean bookkeeping(Node n) {
    boolean any = false;
    for (Label l : n.getLabels()) {
      if (!BOOKKEEPING.containsKey(l.name())) {
        return false;
      }
      any = true;
    }
    return any;
  }

  /** The keys an existing node may change without moving the counter; null if it is not a bookkeeping node. */
  private static @org.jspecify.annotations.Nullable Set<String> allowedKeys(Node n) {
    Set<String> allowed = null;
    for (Label l : n.getLabels()) {
      Set<String> keys = BOOKKEEPING.get(l.name());
      if (keys == null) {
        return null;
      }
      allowed = keys;
    }
    return allowed;
  }
}
