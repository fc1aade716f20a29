package org.kith.graph.neo4j;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Label;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.Relationship;
import org.neo4j.graphdb.Transaction;
import org.neo4j.graphdb.event.LabelEntry;
import org.neo4j.graphdb.event.PropertyEntry;
import org.neo4j.graphdb.event.TransactionData;
import org.neo4j.graphdb.event.TransactionEventListener;

/**
 * A counter that moves whenever a committed transaction may have changed what someone can see: a grant or a
 * group membership created or deleted, a relationship between profile objects created or deleted (cascading
 * grants follow those), a grant's {@code cascade} changed, or a profile object, user or group deleted. Anything
 * cached from the permission graph and tagged with {@link #current()} before it was read is still exact while
 * the counter shows the same value.
 *
 * <p>Only the embedded database has one: its transaction event listener sees every commit, because nothing
 * but this process can reach that database. The counter moves in {@code afterCommit}, which Neo4j runs on the
 * committing thread before the commit returns to the client, so once a write is acknowledged any later
 * {@link #current()} differs from a tag taken before the write was visible. An external server (or a cluster)
 * has writers this process does not see, so nothing is cached there.
 */
public final class VisibilityVersion {
  /** Relationship types that grant or confer access. */
  private static final Set<String> ACCESS_TYPES = Set.of("IS_OWNER", "ADMINS", "EDITS", "VIEWS", "BELONGS_TO");
  private static final Label PROFILE_OBJECT = Label.label("ProfileObject");
  /** Labels of the nodes a visible set is made of. */
  private static final Set<String> SUBJECT_LABELS = Set.of("ProfileObject", "User", "Group");

  private final AtomicLong value = new AtomicLong();

  VisibilityVersion() {}

  /** The current value; equal values mean no visibility change was committed in between. */
  public long current() {
    return value.get();
  }

  /** The listener to register on the embedded database. */
  TransactionEventListener<Boolean> listener() {
    return new TransactionEventListener<>() {
      @Override
      public Boolean beforeCommit(TransactionData data, Transaction transaction, GraphDatabaseService database) {
        return changesVisibility(data);
      }

      @Override
      public void afterCommit(TransactionData data, Boolean changed, GraphDatabaseService database) {
        if (changed == null || changed) {
          value.incrementAndGet();
        }
      }

      @Override
      public void afterRollback(TransactionData data, Boolean changed, GraphDatabaseService database) {}
    };
  }

  /** Whether the transaction may change a visible set; when in doubt, yes. */
  static boolean changesVisibility(TransactionData data) {
    for (Relationship r : data.createdRelationships()) {
      if (ACCESS_TYPES.contains(r.getType().name())
          || r.getStartNode().hasLabel(PROFILE_OBJECT) && r.getEndNode().hasLabel(PROFILE_OBJECT)) {
        return true;
      }
    }
    for (Relationship r : data.deletedRelationships()) {
      if (ACCESS_TYPES.contains(r.getType().name()) || betweenObjectsOrUnknown(data, r)) {
        return true;
      }
    }
    for (PropertyEntry<Relationship> p : data.assignedRelationshipProperties()) {
      if (p.key().equals("cascade")) {
        return true;
      }
    }
    for (PropertyEntry<Relationship> p : data.removedRelationshipProperties()) {
      if (p.key().equals("cascade")) {
        return true;
      }
    }
    if (!data.deletedNodes().iterator().hasNext()) {
      return false;
    }
    // a deleted node's labels are reported as removed labels; a deleted node with none reported counts
    java.util.Map<Node, Boolean> deleted = new java.util.HashMap<>();
    data.deletedNodes().forEach(n -> deleted.put(n, false));
    for (LabelEntry l : data.removedLabels()) {
      if (deleted.containsKey(l.node())) {
        if (SUBJECT_LABELS.contains(l.label().name())) {
          return true;
        }
        deleted.put(l.node(), true);
      }
    }
    return deleted.containsValue(false);
  }

  /** A deleted relationship between two profile objects, or one whose ends cannot be read any more. */
  private static boolean betweenObjectsOrUnknown(TransactionData data, Relationship r) {
    try {
      Node start = r.getStartNode();
      Node end = r.getEndNode();
      if (data.isDeleted(start) || data.isDeleted(end)) {
        return false; // judged with the deleted node: a deleted profile object counts whatever it was linked to
      }
      return start.hasLabel(PROFILE_OBJECT) && end.hasLabel(PROFILE_OBJECT);
    } catch (RuntimeException e) {
      return true;
    }
  }
}
