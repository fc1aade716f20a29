package org.kith.core.profile;

import java.util.List;
import org.kith.core.Rejected;
import org.kith.core.audit.AuditTrail;
import org.kith.core.audit.RecordedEvent;
import reactor.core.publisher.Mono;

/**
 * Reading the trail: a user reads its own events; an object's events are for its owner and admins.
 * Everyone else gets 404, as for the object itself. Thread-safe.
 */
public final class AuditService {
  public static final int MAX_EVENTS = 1000;
  private final AuditTrail trail;
  private final PermissionGraph graph;

  public AuditService(AuditTrail trail, PermissionGraph graph) {
    this.trail = trail;
    this.graph = graph;
  }

  /** A subject's events, newest first, and whether its chain is intact. */
  public record Trail(List<RecordedEvent> events, boolean chainValid) {}

  public Mono<Trail> read(String uId, String subject, int limit) {
    Mono<Boolean> allowed = uId.equals(subject) ? Mono.just(true)
        : graph.access(uId, subject).map(a -> a.allows(Permission.ADMINS));
    return allowed.flatMap(ok -> ok
        ? trail.events(subject, Math.max(1, Math.min(limit, MAX_EVENTS))).collectList()
            .zipWith(trail.verify(subject), Trail::new)
        : Mono.error(Rejected.notFound("no such subject")));
  }
}
