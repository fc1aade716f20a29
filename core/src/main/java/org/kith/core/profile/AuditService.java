package org.kith.core.profile;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.kith.core.Rejected;
import org.kith.core.audit.AuditTrail;
import org.kith.core.audit.RecordedEvent;
import org.kith.core.authz.Permission;
import reactor.core.publisher.Mono;

/**
 * Reading the trail: a user reads its own events; an object's events are for its owner and admins.
 * Everyone else gets 404, as for the object itself. Thread-safe.
 */
public final class AuditService {
  public static final int MAX_EVENTS = 1000;
  private final AuditTrail trail;
  private final PermissionGraph graph;
  private final java.util.function.BiFunction<String, String, Mono<Boolean>> otherSubjects;

  public AuditService(AuditTrail trail, PermissionGraph graph) {
    this(trail, graph, (uId, subject) -> Mono.just(false));
  }

  /** {@code otherSubjects} decides for subjects that are not objects, such as consent instances. */
  public AuditService(
      AuditTrail trail,
      PermissionGraph graph,
      java.util.function.BiFunction<String, String, Mono<Boolean>> otherSubjects) {
    this.trail = trail;
    this.graph = graph;
    this.otherSubjects = otherSubjects;
  }

  /** A subject's events, newest first, and whether its chain is intact. */
  public record Trail(List<RecordedEvent> events, boolean chainValid) {}

  /**
   * A page of the subject's events, newest first, older than sequence number {@code before} (from the newest if
   * null): at most {@link #MAX_EVENTS} + 1, so one more tells there is a next page.
   */
  public Mono<Trail> read(String uId, String subject, @Nullable Long before, int limit) {
    Mono<Boolean> allowed = uId.equals(subject)
        ? Mono.just(true)
        : graph
            .access(uId, subject)
            .flatMap(a -> a.allows(Permission.ADMINS)
                ? Mono.just(true)
                : a.exists() ? Mono.just(false) : otherSubjects.apply(uId, subject));
    return allowed.flatMap(ok -> ok
        ? trail
            .events(subject, before, Math.max(1, Math.min(limit, MAX_EVENTS + 1)))
            .collectList()
            .zipWith(trail.verify(subject), Trail::new)
        : Mono.error(Rejected.notFound("no such subject")));
  }
}
