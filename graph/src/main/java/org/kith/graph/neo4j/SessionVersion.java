package org.kith.graph.neo4j;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.event.PropertyEntry;
import org.neo4j.graphdb.event.TransactionData;
import org.neo4j.graphdb.event.TransactionEventListener;

/**
 * A counter that moves whenever a committed transaction may have ended a session: a refresh family revoked, a
 * user disabled, either deleted, or their {@code u_id}/{@code family_id} changed. A session found live and tagged with {@link #current()}
 * before the lookup is still live while the counter shows the same value, so live sessions can be remembered
 * between requests. Like {@link VisibilityVersion}, only the embedded database has one (its listener sees every
 * commit; the counter moves before the commit returns to the writer).
 */
public final class SessionVersion {
  /** Node properties whose change can end a session. */
  private static final Set<String> KEYS = Set.of("revoked", "disabled", "u_id", "family_id");

  private static final Set<String> LABELS = Set.of("RefreshFamily", "User");

  private final AtomicLong value = new AtomicLong();

  SessionVersion() {}

  public long current() {
    return value.get();
  }

  TransactionEventListener<Boolean> listener() {
    return VisibilityVersion.listener(SessionVersion::mayEndSessions, true, ends -> {
      if (ends) {
        value.incrementAndGet();
      }
    });
  }

  static boolean mayEndSessions(TransactionData data) {
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
