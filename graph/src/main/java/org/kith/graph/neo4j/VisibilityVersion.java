package org.kith.graph.neo4j;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.kith.core.authz.AuthorizationModel;
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
 * grants follow those), a grant's {@code cascade} changed, or a profile object, user or group deleted. A commit
 * whose only such change is new objects with their creators' IS_OWNER grants (creating objects, the common write)
 * moves only those users' counters. Anything cached from the permission graph for a user and tagged with
 * {@link #current(String)} before it was read is still exact while the counter shows the same value. The
 * relationship types and the cascade property come from {@link AuthorizationModel#KITH}.
 *
 * <p>Only the embedded database has one: its transaction event listener sees every commit, because nothing
 * but this process can reach that database. The counter moves in {@code afterCommit}, which Neo4j runs on the
 * committing thread before the commit returns to the client, so once a write is acknowledged any later
 * {@link #current(String)} differs from a tag taken before the write was visible. An external server (or a cluster)
 * has writers this process does not see, so nothing is cached there.
 */
public final class VisibilityVersion {
  private static final AuthorizationModel MODEL = AuthorizationModel.KITH;
  /** Relationship types that grant or confer access (a user's group membership included). */
  private static final Set<String> ACCESS_TYPES = java.util.stream.Stream.concat(
          MODEL.grantTypes().stream(), java.util.stream.Stream.of(MODEL.membership()))
      .collect(java.util.stream.Collectors.toUnmodifiableSet());
  /** The grant a user holds on an object it created. */
  private static final String OWNER = MODEL.grantTypes().get(0);

  private static final Label PROFILE_OBJECT = Label.label("ProfileObject");
  private static final Label USER = Label.label("User");
  /** Labels of the nodes a visible set is made of. */
  private static final Set<String> SUBJECT_LABELS = Set.of("ProfileObject", "User", "Group");

  private final AtomicLong value = new AtomicLong();
  /**
   * Commits that only gave users new objects of their own (the common write: creating objects), counted in a
   * fixed number of slots by a hash of the user id: bounded memory, and counters that never go back (a user
   * sharing a slot with another only sees its cache renewed a little more often).
   */
  private final java.util.concurrent.atomic.AtomicLongArray owners =
      new java.util.concurrent.atomic.AtomicLongArray(OWNER_SLOTS);

  private static final int OWNER_SLOTS = 4096;
  /** A transaction creating more entities than this is not inspected: it counts as changing everything. */
  static final int MAX_INSPECTED = 100_000;

  VisibilityVersion() {}

  /**
   * The current value for a user's visible set: it moves with every change that may affect anyone and with
   * every new object the user came to own; equal values mean no visibility change for the user was committed in
   * between. (Both parts only grow, so their sum does too.)
   */
  public long current(String uId) {
    return value.get() + owners.get(slot(uId));
  }

  private static int slot(String uId) {
    return Math.floorMod(uId.hashCode() * 0x9E3779B9, OWNER_SLOTS);
  }

  /** What a commit changed: nothing, only some users' own new objects, or possibly anyone's visible set. */
  record Change(boolean everyone, java.util.Set<String> owners) {
    static final Change NONE = new Change(false, java.util.Set.of());
    static final Change EVERYONE = new Change(true, java.util.Set.of());
  }

  /** The listener to register on the embedded database. */
  TransactionEventListener<Change> listener() {
    return listener(VisibilityVersion::change, Change.EVERYONE, change -> {
      if (change.everyone()) {
        value.incrementAndGet();
      } else {
        change.owners().forEach(u -> owners.incrementAndGet(slot(u)));
      }
    });
  }

  /**
   * A listener that classifies each commit before it happens ({@code classify}; on any error, or without a
   * verdict, {@code worst}) and applies the verdict once the commit is durable, before it returns to the writer.
   * It never fails a commit.
   */
  static <T> TransactionEventListener<T> listener(
      java.util.function.Function<TransactionData, T> classify,
      T worst,
      java.util.function.Consumer<T> committed) {
    return new TransactionEventListener<>() {
      @Override
      public T beforeCommit(
          TransactionData data, Transaction transaction, GraphDatabaseService database) {
        try {
          return classify.apply(data);
        } catch (RuntimeException e) {
          return worst;
        }
      }

      @Override
      public void afterCommit(TransactionData data, T verdict, GraphDatabaseService database) {
        committed.accept(verdict == null ? worst : verdict);
      }

      @Override
      public void afterRollback(TransactionData data, T verdict, GraphDatabaseService database) {}
    };
  }

  /** What the transaction may change in visible sets; when in doubt, everyone's. */
  static Change change(TransactionData data) {
    java.util.Set<Node> createdNodes = createdNodes(data);
    if (createdNodes == null) {
      return Change.EVERYONE;
    }
    java.util.Set<Relationship> createdRelationships = new java.util.HashSet<>();
    java.util.Set<String> newOwners = new java.util.HashSet<>();
    for (Relationship r : data.createdRelationships()) {
      if (createdRelationships.size() >= MAX_INSPECTED) {
        return Change.EVERYONE;
      }
      createdRelationships.add(r);
      String owner = newObjectsOwner(createdNodes, r);
      if (owner != null) {
        newOwners.add(owner);
      } else if (ACCESS_TYPES.contains(r.getType().name())
          || (r.getStartNode().hasLabel(PROFILE_OBJECT)
              && r.getEndNode().hasLabel(PROFILE_OBJECT))) {
        return Change.EVERYONE;
      }
    }
    for (Relationship r : data.deletedRelationships()) {
      if (ACCESS_TYPES.contains(r.getType().name()) || betweenObjectsOrUnknown(data, r)) {
        return Change.EVERYONE;
      }
    }
    // a new relationship's properties were judged with it
    for (PropertyEntry<Relationship> p : data.assignedRelationshipProperties()) {
      if (p.key().equals(MODEL.cascadeMarker()) && !createdRelationships.contains(p.entity())) {
        return Change.EVERYONE;
      }
    }
    for (PropertyEntry<Relationship> p : data.removedRelationshipProperties()) {
      if (p.key().equals(MODEL.cascadeMarker())) {
        return Change.EVERYONE;
      }
    }
    if (deletesNodeLabelled(data, SUBJECT_LABELS)) {
      return Change.EVERYONE;
    }
    return newOwners.isEmpty() ? Change.NONE : new Change(false, newOwners);
  }

  /**
   * The owner's u_id if {@code r} is the IS_OWNER grant of a user on an object created in the same transaction:
   * only that user's visible set grows (anything else the transaction does to the object is judged apart).
   */
  private static @org.jspecify.annotations.Nullable String newObjectsOwner(
      java.util.Set<Node> createdNodes, Relationship r) {
    if (!r.getType().name().equals(OWNER) || !createdNodes.contains(r.getEndNode())) {
      return null;
    }
    Object uId = r.getStartNode().getProperty("u_id", null);
    return r.getStartNode().hasLabel(USER) && uId instanceof String s ? s : null;
  }

  /** The nodes the transaction created, or null if they are more than {@link #MAX_INSPECTED}. */
  static java.util.@org.jspecify.annotations.Nullable Set<Node> createdNodes(TransactionData data) {
    java.util.Set<Node> created = new java.util.HashSet<>();
    for (Node n : data.createdNodes()) {
      if (created.size() >= MAX_INSPECTED) {
        return null;
      }
      created.add(n);
    }
    return created;
  }

  /** Whether a deleted node had one of {@code labels}; a deleted node with no labels reported counts. */
  static boolean deletesNodeLabelled(TransactionData data, Set<String> labels) {
    if (!data.deletedNodes().iterator().hasNext()) {
      return false;
    }
    java.util.Map<Node, Boolean> deleted = new java.util.HashMap<>();
    data.deletedNodes().forEach(n -> deleted.put(n, false));
    for (LabelEntry l : data.removedLabels()) {
      if (deleted.containsKey(l.node())) {
        if (labels.contains(l.label().name())) {
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
        return false; // judged with the deleted node: a deleted profile object counts whatever it
        // was linked to
      }
      return start.hasLabel(PROFILE_OBJECT) && end.hasLabel(PROFILE_OBJECT);
    } catch (RuntimeException e) {
      return true;
    }
  }
}
